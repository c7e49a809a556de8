#!/usr/bin/python3
"""Sends notifications with a real oslo.messaging Notifier; prints ONE JSON line.

Usage:
  /usr/bin/python3 oslo_notifier.py --url URL --topic T --publisher-id P
      [--driver messagingv2|messaging] [--ctxt JSON] EVENTS_JSON

EVENTS_JSON is a list of {"priority": "info", "event_type": "...", "payload": ...};
priority is the Notifier method name (audit, debug, info, warn, warning, error,
critical, sample). --ctxt is a plain dict context.

Output (stdout, one line, exit code 0): {"ok": true, "sent": N,
"oslo_messaging": <folder of the package that ran>}. Exit code 1 for usage
errors. The process exits without transport.cleanup() (slow in 14.0.3).
"""
import argparse
import json
import logging
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

from oslo_config import cfg  # noqa: E402
import oslo_messaging  # noqa: E402

# oslo 18's queue manager (use_queue_manager) reads /proc/<process group>/stat at transport creation; under a test
# runner the group's leader may have exited already (FileNotFoundError), so each helper leads its own process group,
# as a service started by systemd does.
try:
    os.setpgrp()
except OSError:
    pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--topic', required=True)
    parser.add_argument('--publisher-id', required=True)
    parser.add_argument('--driver', default='messagingv2')
    parser.add_argument('--ctxt', default='{}')
    parser.add_argument('events')
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)

    cfg.CONF([], project='oslo_interop')
    transport = oslo_messaging.get_notification_transport(cfg.CONF, url=args.url)
    notifier = oslo_messaging.Notifier(transport, publisher_id=args.publisher_id,
                                       driver=args.driver, topics=[args.topic], retry=3)
    ctxt = json.loads(args.ctxt)
    events = json.loads(args.events)
    for event in events:
        getattr(notifier, event['priority'])(ctxt, event['event_type'], event['payload'])
    print(json.dumps({'ok': True, 'sent': len(events),
                      'oslo_messaging': os.path.dirname(oslo_messaging.__file__)}), flush=True)
    os._exit(0)


if __name__ == '__main__':
    main()
