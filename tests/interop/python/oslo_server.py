#!/usr/bin/python3
"""A real oslo.messaging RPC server (threading executor) for interop tests.

Usage:
  /usr/bin/python3 oslo_server.py --url rabbit://guest:guest@127.0.0.1:5699/ \
      --topic T --server S [--exchange X] [--ping] [--exit-on-stdin-eof] [--debug]

Prints the single line READY on stdout once server.start() returned; stops
cleanly (server.stop(); server.wait(); transport.cleanup()) on SIGTERM/SIGINT.
Logs go to stderr. With --exit-on-stdin-eof it also stops when stdin reaches EOF
(test harnesses keep a pipe open: a crashed harness leaves no server behind).

Endpoint A (no namespace, version 1.3):
  echo(payload) -> payload             echo_ctxt() -> ctxt (dict as received)
  add(a, b) -> a + b                   sleep(seconds) -> seconds (after sleeping)
  fail(message)          raises ValueError(message)
  fail_custom(message)   raises interopmod.InteropError(message, code=42)
  fail_expected(message) raises KeyError(message) (@expected_exceptions(KeyError))
  note(kind) -> None: appends kind to a list    notes() -> that list
  whoami() -> the --server name (to check server-directed calls)
Endpoint B (namespace "ns2", version 2.1):
  echo_b(payload) -> {"endpoint": "B", "payload": payload}
--ping: sets [DEFAULT] rpc_ping_enabled=True -> method oslo_rpc_server_ping
returns "pong" (null namespace, version 1.x).
"""
import argparse
import logging
import os
import signal
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from oslo_config import cfg  # noqa: E402
import oslo_messaging  # noqa: E402

import interopmod  # noqa: E402

# oslo 18's queue manager (use_queue_manager) reads /proc/<process group>/stat at transport creation; under a test
# runner the group's leader may have exited already (FileNotFoundError), so each helper leads its own process group,
# as a service started by systemd does.
try:
    os.setpgrp()
except OSError:
    pass


class EndpointA(object):
    target = oslo_messaging.Target(version='1.3')

    def __init__(self, server_name):
        self._server_name = server_name
        self._lock = threading.Lock()
        self._notes = []

    def echo(self, ctxt, payload):
        return payload

    def echo_ctxt(self, ctxt):
        return ctxt

    def add(self, ctxt, a, b):
        return a + b

    def sleep(self, ctxt, seconds):
        time.sleep(seconds)
        return seconds

    def fail(self, ctxt, message):
        raise ValueError(message)

    def fail_custom(self, ctxt, message):
        raise interopmod.InteropError(message, code=42)

    @oslo_messaging.expected_exceptions(KeyError)
    def fail_expected(self, ctxt, message):
        raise KeyError(message)

    def note(self, ctxt, kind):
        with self._lock:
            self._notes.append(kind)

    def notes(self, ctxt):
        with self._lock:
            return list(self._notes)

    def whoami(self, ctxt):
        return self._server_name

    def oslo_context(self, ctxt):
        """What an OpenStack service's context serializer makes of ctxt: oslo.context's RequestContext.from_dict (keys
        it does not know, such as a .NET caller's traceparent, must not break it)."""
        from oslo_context import context as oslo_ctx
        made = oslo_ctx.RequestContext.from_dict(ctxt).to_dict()
        return {'user': made.get('user'), 'request_id': made.get('request_id')}


class EndpointB(object):
    target = oslo_messaging.Target(namespace='ns2', version='2.1')

    def echo_b(self, ctxt, payload):
        return {'endpoint': 'B', 'payload': payload}


def main():
    p = argparse.ArgumentParser(description='oslo.messaging interop RPC server')
    p.add_argument('--url', required=True)
    p.add_argument('--topic', required=True)
    p.add_argument('--server', required=True)
    p.add_argument('--exchange', default=None,
                   help='control exchange (default: openstack)')
    p.add_argument('--ping', action='store_true',
                   help='enable oslo_rpc_server_ping (rpc_ping_enabled=True)')
    p.add_argument('--exit-on-stdin-eof', action='store_true',
                   help='stop as on SIGTERM once stdin reaches EOF (the parent '
                        'holding the pipe exited, even if it was killed)')
    p.add_argument('--debug', action='store_true')
    args = p.parse_args()

    logging.basicConfig(
        stream=sys.stderr,
        level=logging.DEBUG if args.debug else logging.WARNING,
        format='%(asctime)s %(levelname)s %(name)s: %(message)s')

    if args.exchange:
        oslo_messaging.set_transport_defaults(args.exchange)
    # The global CONF: oslo.messaging 14.0.3 reads some options (metrics,
    # rpc_ping_enabled) from cfg.CONF, a private ConfigOpts breaks it.
    conf = cfg.CONF
    conf([], project='interop')
    transport = oslo_messaging.get_rpc_transport(conf, url=args.url)
    if args.ping:
        from oslo_messaging.rpc import dispatcher as rpc_dispatcher
        conf.register_opts(rpc_dispatcher._dispatcher_opts)
        conf.set_override('rpc_ping_enabled', True)

    target = oslo_messaging.Target(topic=args.topic, server=args.server)
    server = oslo_messaging.get_rpc_server(
        transport, target, [EndpointA(args.server), EndpointB()], executor='threading')

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    if args.exit_on_stdin_eof:
        def watch_stdin():
            try:
                while sys.stdin.buffer.read(4096):
                    pass
            except (OSError, ValueError):
                pass
            stop.set()

        threading.Thread(target=watch_stdin, name='stdin-watch', daemon=True).start()

    server.start()
    sys.stdout.write('READY\n')
    sys.stdout.flush()
    while not stop.wait(0.5):
        pass
    server.stop()
    server.wait()
    transport.cleanup()
    sys.stderr.write('oslo_server: stopped\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
