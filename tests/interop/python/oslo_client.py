#!/usr/bin/python3
"""One call or cast with a real oslo.messaging RPCClient; prints ONE JSON line.

Usage:
  /usr/bin/python3 oslo_client.py --url URL --topic T [--server S]
      [--exchange X] [--namespace N] [--version V] [--timeout SEC]
      [--call-monitor-timeout SEC] [--retry N] [--deadline SEC] [--fanout] [--allowed-exmods m1,m2]
      (call|cast) METHOD [--args JSON] [--ctxt JSON]

--args / --ctxt take a JSON object; '@path' reads it from a file and '-' from
stdin (a single command-line argument is limited to 128 KiB on Linux).

Output (stdout, one line, exit code 0):
  success:   {"ok": true, "result": <result>}          (cast: result null)
  both also carry "oslo_messaging": the folder of the package that ran
  exception: {"ok": false, "type": <class name>, "module": <class module>,
              "message": str(e), "message_first_line": <first line of
              args[0] (or of str(e))>, "is_remote_error": bool,
              "remote_error_exc_type": e.exc_type or null,
              "remote_error_value": e.value or null,
              "args": [...], "kwargs": {...} or null, "elapsed": seconds}
The process exits right after printing, without transport.cleanup() (which
takes ~10 s in 14.0.3), unless --cleanup is given.
Exit code 1 only for usage errors (bad arguments, bad JSON).
"""
import argparse
import json
import logging
import os
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from oslo_config import cfg  # noqa: E402
import oslo_messaging  # noqa: E402

# oslo 18's queue manager (use_queue_manager) reads /proc/<process group>/stat at transport creation; under a test
# runner the group's leader may have exited already (FileNotFoundError), so each helper leads its own process group,
# as a service started by systemd does.
try:
    os.setpgrp()
except OSError:
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors exit 1 (argparse default is 2)
        self.print_usage(sys.stderr)
        sys.stderr.write('oslo_client: error: %s\n' % message)
        sys.exit(1)


def load_json(value, what):
    if value is None:
        return {}
    try:
        if value == '-':
            text = sys.stdin.read()
        elif value.startswith('@'):
            with open(value[1:], encoding='utf-8') as f:
                text = f.read()
        else:
            text = value
        obj = json.loads(text)
    except (OSError, ValueError) as e:
        sys.stderr.write('oslo_client: bad --%s: %s\n' % (what, e))
        sys.exit(1)
    if not isinstance(obj, dict):
        sys.stderr.write('oslo_client: --%s must be a JSON object\n' % what)
        sys.exit(1)
    return obj


def seconds(text):
    """float, but int when integral: '2' -> 2 (as a Python caller would pass)."""
    value = float(text)
    return int(value) if value.is_integer() else value


def jsonable(value):
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return repr(value)


def main():
    p = Parser(description='oslo.messaging interop RPC client')
    p.add_argument('--url', required=True)
    p.add_argument('--topic', required=True)
    p.add_argument('--server', default=None)
    p.add_argument('--exchange', default=None)
    p.add_argument('--namespace', default=None)
    p.add_argument('--version', default=None)
    p.add_argument('--timeout', type=seconds, default=None)
    p.add_argument('--call-monitor-timeout', type=seconds, default=None)
    p.add_argument('--retry', type=int, default=None,
                   help='connection retries when sending (default None = forever, 0 = none)')
    p.add_argument('--deadline', type=float, default=None,
                   help='hard limit in seconds for the whole call/cast: then print '
                        'an error line of type "DeadlineExceeded" and exit 0 (a call '
                        'to a dead broker otherwise retries forever, even with --retry 0)')
    p.add_argument('--fanout', action='store_true')
    p.add_argument('--allowed-exmods', default='')
    p.add_argument('--cleanup', action='store_true',
                   help='call transport.cleanup() before exiting (~10 s slower)')
    p.add_argument('--debug', action='store_true')
    p.add_argument('kind', choices=['call', 'cast'])
    p.add_argument('method')
    p.add_argument('--args', default=None, help='JSON object of kwargs')
    p.add_argument('--ctxt', default=None, help='JSON object (request context)')
    args = p.parse_args()

    logging.basicConfig(
        stream=sys.stderr,
        level=logging.DEBUG if args.debug else logging.ERROR,
        format='%(asctime)s %(levelname)s %(name)s: %(message)s')

    kwargs = load_json(args.args, 'args')
    ctxt = load_json(args.ctxt, 'ctxt')
    exmods = [m for m in args.allowed_exmods.split(',') if m]

    if args.exchange:
        oslo_messaging.set_transport_defaults(args.exchange)
    conf = cfg.CONF
    conf([], project='interop')
    transport = oslo_messaging.get_rpc_transport(
        conf, url=args.url, allowed_remote_exmods=exmods)
    target = oslo_messaging.Target(
        topic=args.topic, server=args.server, namespace=args.namespace,
        version=args.version, fanout=args.fanout)
    client_kwargs = {}
    if args.timeout is not None:
        client_kwargs['timeout'] = args.timeout
    if args.call_monitor_timeout is not None:
        client_kwargs['call_monitor_timeout'] = args.call_monitor_timeout
    if args.retry is not None:
        client_kwargs['retry'] = args.retry
    client = oslo_messaging.get_rpc_client(transport, target, **client_kwargs)

    printed = threading.Lock()

    def emit(out):
        out['oslo_messaging'] = os.path.dirname(oslo_messaging.__file__)
        if printed.acquire(blocking=False):
            sys.stdout.write(json.dumps(out) + '\n')
            sys.stdout.flush()
            return True
        return False

    if args.deadline:
        def on_deadline():
            if emit({'ok': False, 'type': 'DeadlineExceeded', 'module': 'oslo_client',
                     'message': 'no result within --deadline %s s' % args.deadline,
                     'message_first_line': 'no result within --deadline %s s' % args.deadline,
                     'is_remote_error': False, 'remote_error_exc_type': None,
                     'remote_error_value': None, 'args': [], 'kwargs': None,
                     'elapsed': args.deadline}):
                sys.stderr.flush()
                os._exit(0)
        timer = threading.Timer(args.deadline, on_deadline)
        timer.daemon = True
        timer.start()

    started = time.monotonic()
    try:
        if args.kind == 'call':
            result = client.call(ctxt, args.method, **kwargs)
        else:
            result = client.cast(ctxt, args.method, **kwargs)
        out = {'ok': True, 'result': jsonable(result)}
    except Exception as e:  # report every failure as data
        is_remote = isinstance(e, oslo_messaging.RemoteError)
        eargs = list(getattr(e, 'args', ()))
        head = eargs[0] if eargs and isinstance(eargs[0], str) else str(e)
        out = {
            'ok': False,
            'type': type(e).__name__,
            'module': type(e).__module__,
            'message': str(e),
            'message_first_line': head.split('\n', 1)[0],
            'is_remote_error': is_remote,
            'remote_error_exc_type': e.exc_type if is_remote else None,
            'remote_error_value': e.value if is_remote else None,
            'args': jsonable(eargs),
            'kwargs': jsonable(getattr(e, 'kwargs', None)),
            'elapsed': round(time.monotonic() - started, 2),
        }
    if not emit(out):
        time.sleep(60)  # the deadline timer is printing and exiting
    if args.cleanup:
        transport.cleanup()
        return 0
    # transport.cleanup() joins the reply poller, which sleeps up to the
    # heartbeat wait (~10 s with default options). Exit at once instead: the
    # OS closes the sockets; the reply queue expires on the broker (x-expires).
    sys.stderr.flush()
    os._exit(0)


if __name__ == '__main__':
    sys.exit(main())
