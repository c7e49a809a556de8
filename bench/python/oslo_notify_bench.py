#!/usr/bin/python3
"""The notification scenario for Python oslo.messaging (bench/README.md, "Notifications").

  /usr/bin/python3 oslo_notify_bench.py --url URL --count N [--publishers P]

A Notifier (messagingv2) on one transport, a notification listener (threading executor) on another, in one
process; P threads publish N notifications (each send returns once the broker confirmed it: oslo's kombu
connections publish with confirm_publish), the listener's endpoint counts them. Prints one JSON line:
{"count": N, "seconds": <first publish to last notification processed>}.
"""
import argparse
import json
import logging
import sys
import threading
import time
import uuid

sys.dont_write_bytecode = True

from oslo_config import cfg  # noqa: E402
import oslo_messaging  # noqa: E402


class Endpoint(object):
    def __init__(self, count):
        self.count = count
        self.seen = 0
        self.lock = threading.Lock()
        self.warm = threading.Event()
        self.done = threading.Event()

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        if event_type == 'warm.up':
            self.warm.set()
            return
        with self.lock:
            self.seen += 1
            if self.seen == self.count:
                self.done.set()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--count', type=int, required=True)
    parser.add_argument('--publishers', type=int, default=8)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    cfg.CONF([], project='oslo_bench_notify')
    topic = 'bench_notify_py_' + uuid.uuid4().hex
    endpoint = Endpoint(args.count)
    listen_transport = oslo_messaging.get_notification_transport(cfg.CONF, url=args.url)
    listener = oslo_messaging.get_notification_listener(
        listen_transport, [oslo_messaging.Target(topic=topic)], [endpoint], executor='threading')
    listener.start()
    send_transport = oslo_messaging.get_notification_transport(cfg.CONF, url=args.url)
    notifier = oslo_messaging.Notifier(send_transport, publisher_id='bench.host', driver='messagingv2', topics=[topic])
    payload = {'instance_id': '9d3c2b5e-1f7a-4c1e-9c55-2f0e8b6a4d11', 'state': 'active', 'memory_mb': 2048}
    notifier.info({}, 'warm.up', payload)
    endpoint.warm.wait(60)

    left = [args.count]
    lock = threading.Lock()

    def publish():
        while True:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            notifier.info({}, 'compute.instance.update', payload)

    started = time.monotonic()
    threads = [threading.Thread(target=publish) for _ in range(args.publishers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    finished = endpoint.done.wait(300)
    seconds = time.monotonic() - started
    print(json.dumps({'count': endpoint.seen, 'seconds': seconds, 'complete': finished}), flush=True)
    listener.stop()
    listener.wait()


if __name__ == '__main__':
    main()
