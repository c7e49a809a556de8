#!/usr/bin/python3
"""A real oslo.messaging notification listener; prints JSON lines.

Usage:
  /usr/bin/python3 oslo_notification_listener.py --url URL --topic T
      [--exchange X] [--pool NAME] [--count N] [--deadline SEC]
      [--batch-size N [--batch-timeout SEC]]

Prints {"ready": true, "oslo_messaging": <folder>} once consuming, then one line
per notification received by the endpoint (every priority):
  {"priority", "ctxt", "publisher_id", "event_type", "payload", "metadata",
   "message_id_is_uuid4": bool, "timestamp_parsed": <ISO form of the timestamp
   parsed with oslo_utils.timeutils.parse_strtime, or null>}
and exits 0 after --count notifications (default 1) or 2 at --deadline (default 30 s).
With --batch-size the listener is oslo's get_batch_notification_listener (batch_timeout
--batch-timeout, default None: wait for full batches); each line then also has
"batch" (a number per endpoint call) and "batch_len" (the messages in that call).
"""
import argparse
import json
import logging
import os
import sys
import threading
import uuid

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

from oslo_config import cfg  # noqa: E402
import oslo_messaging  # noqa: E402
from oslo_utils import timeutils  # noqa: E402


class Endpoint(object):
    def __init__(self, count, done):
        self._lock = threading.Lock()
        self._left = count
        self._done = done

    def _record(self, priority, ctxt, publisher_id, event_type, payload, metadata, **batch):
        try:
            is_uuid4 = uuid.UUID(metadata.get('message_id')).version == 4 and '-' in metadata['message_id']
        except (TypeError, ValueError):
            is_uuid4 = False
        try:
            parsed = timeutils.parse_strtime(metadata.get('timestamp'), '%Y-%m-%d %H:%M:%S.%f').isoformat()
        except (TypeError, ValueError):
            parsed = None
        record = {'priority': priority, 'ctxt': ctxt, 'publisher_id': publisher_id,
                  'event_type': event_type, 'payload': payload, 'metadata': metadata,
                  'message_id_is_uuid4': is_uuid4, 'timestamp_parsed': parsed}
        record.update(batch)
        line = json.dumps(record)
        with self._lock:
            print(line, flush=True)
            self._left -= 1
            if self._left <= 0:
                self._done.set()

    def audit(self, ctxt, publisher_id, event_type, payload, metadata):
        self._record('audit', ctxt, publisher_id, event_type, payload, metadata)

    def debug(self, ctxt, publisher_id, event_type, payload, metadata):
        self._record('debug', ctxt, publisher_id, event_type, payload, metadata)

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        self._record('info', ctxt, publisher_id, event_type, payload, metadata)

    def warn(self, ctxt, publisher_id, event_type, payload, metadata):
        self._record('warn', ctxt, publisher_id, event_type, payload, metadata)

    def error(self, ctxt, publisher_id, event_type, payload, metadata):
        self._record('error', ctxt, publisher_id, event_type, payload, metadata)

    def critical(self, ctxt, publisher_id, event_type, payload, metadata):
        self._record('critical', ctxt, publisher_id, event_type, payload, metadata)

    def sample(self, ctxt, publisher_id, event_type, payload, metadata):
        self._record('sample', ctxt, publisher_id, event_type, payload, metadata)


class BatchEndpoint(object):
    """oslo's batch endpoint: each priority method receives a list of message dicts."""

    def __init__(self, single):
        self._single = single
        self._lock = threading.Lock()
        self._batches = 0

    def _record_batch(self, priority, messages):
        with self._lock:
            self._batches += 1
            number = self._batches
        for m in messages:
            self._single._record(priority, m['ctxt'], m['publisher_id'], m['event_type'], m['payload'],
                                 m['metadata'], batch=number, batch_len=len(messages))

    def audit(self, messages):
        self._record_batch('audit', messages)

    def debug(self, messages):
        self._record_batch('debug', messages)

    def info(self, messages):
        self._record_batch('info', messages)

    def warn(self, messages):
        self._record_batch('warn', messages)

    def error(self, messages):
        self._record_batch('error', messages)

    def critical(self, messages):
        self._record_batch('critical', messages)

    def sample(self, messages):
        self._record_batch('sample', messages)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--topic', required=True)
    parser.add_argument('--exchange')
    parser.add_argument('--pool')
    parser.add_argument('--count', type=int, default=1)
    parser.add_argument('--deadline', type=float, default=30)
    parser.add_argument('--batch-size', type=int)
    parser.add_argument('--batch-timeout', type=float)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)

    cfg.CONF([], project='oslo_interop')
    transport = oslo_messaging.get_notification_transport(cfg.CONF, url=args.url)
    done = threading.Event()
    target = oslo_messaging.Target(topic=args.topic, exchange=args.exchange)
    if args.batch_size:
        listener = oslo_messaging.get_batch_notification_listener(
            transport, [target], [BatchEndpoint(Endpoint(args.count, done))], executor='threading', pool=args.pool,
            batch_size=args.batch_size, batch_timeout=args.batch_timeout)
    else:
        listener = oslo_messaging.get_notification_listener(
            transport, [target], [Endpoint(args.count, done)], executor='threading', pool=args.pool)
    listener.start()
    print(json.dumps({'ready': True, 'oslo_messaging': os.path.dirname(oslo_messaging.__file__)}), flush=True)
    finished = done.wait(args.deadline)
    os._exit(0 if finished else 2)


if __name__ == '__main__':
    main()
