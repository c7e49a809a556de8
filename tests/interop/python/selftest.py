#!/usr/bin/python3
"""Self-test of oslo_server.py + oslo_client.py against a running broker.

  /usr/bin/python3 selftest.py --url rabbit://guest:guest@127.0.0.1:5699/

Starts three servers (s1 with --ping, s2 without, s3 on exchange interop_x),
runs every check with oslo_client.py, prints each JSON answer (long strings
shortened) and exits 1 if a check did not see the expected behaviour.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable or '/usr/bin/python3'


def short(value, limit=100):
    if isinstance(value, str):
        return value if len(value) <= limit else '%s...<%d chars>' % (value[:limit], len(value))
    if isinstance(value, list):
        return [short(v, limit) for v in value]
    if isinstance(value, dict):
        return {k: short(v, limit) for k, v in value.items()}
    return value


class Runner(object):
    def __init__(self, url, topic):
        self.url = url
        self.topic = topic
        self.failures = 0
        self.servers = []

    def start_server(self, name, *extra):
        cmd = [PY, os.path.join(HERE, 'oslo_server.py'), '--url', self.url,
               '--topic', self.topic, '--server', name] + list(extra)
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        line = proc.stdout.readline().strip()
        if line != 'READY':
            raise SystemExit('server %s did not print READY (got %r)' % (name, line))
        print('server %s %s READY after %.2fs' % (name, ' '.join(extra), time.monotonic() - t0))
        self.servers.append((name, proc))
        return proc

    def stop_servers(self):
        for name, proc in self.servers:
            t0 = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            try:
                rc = proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                rc = 'killed'
            print('server %s stopped on SIGTERM: exit %s after %.2fs' % (name, rc, time.monotonic() - t0))
            if rc != 0:
                self.failures += 1

    def client(self, *argv):
        cmd = [PY, os.path.join(HERE, 'oslo_client.py'), '--url', self.url,
               '--topic', self.topic] + list(argv)
        t0 = time.monotonic()
        res = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, timeout=120)
        wall = time.monotonic() - t0
        if res.returncode != 0:
            raise SystemExit('client exited %d: %s' % (res.returncode, cmd))
        out = json.loads(res.stdout)
        out.pop('oslo_messaging', None)  # which package ran: not part of the checked outcome
        return out, wall

    def check(self, title, argv, predicate):
        out, wall = self.client(*argv)
        ok = False
        try:
            ok = bool(predicate(out))
        except Exception as e:  # predicate bug or unexpected shape
            print('   predicate error: %r' % e)
        if not ok:
            self.failures += 1
        print('%s %s  (client wall %.2fs)' % ('PASS' if ok else 'FAIL', title, wall))
        print('   $ oslo_client.py ... ' + ' '.join(a if len(a) < 80 else a[:40] + '...' for a in argv))
        print('   ' + json.dumps(short(out), ensure_ascii=False))
        return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--url', default=os.environ.get('OSLO_TEST_RABBIT_URL',
                                                   'rabbit://guest:guest@127.0.0.1:5699/'))
    args = p.parse_args()
    topic = 'interop_selftest_%d' % os.getpid()
    r = Runner(args.url, topic)
    try:
        r.start_server('s1', '--ping')
        r.start_server('s2')
        r.start_server('s3', '--exchange', 'interop_x')
        s1 = ['--server', 's1']

        r.check('echo', s1 + ['call', 'echo', '--args', '{"payload": "hello"}'],
                lambda o: o == {'ok': True, 'result': 'hello'})
        text = 'h\u00e9llo w\u00f6rld \u2713 \u65e5\u672c\u8a9e \U0001F407'
        r.check('echo non-ASCII', s1 + ['call', 'echo', '--args', json.dumps({'payload': text})],
                lambda o: o['result'] == text)
        r.check('echo round-robin (no --server)', ['call', 'echo', '--args', '{"payload": [1, 2.5, null, true, {"k": "v"}]}'],
                lambda o: o['result'] == [1, 2.5, None, True, {'k': 'v'}])
        r.check('echo_ctxt', s1 + ['call', 'echo_ctxt', '--ctxt', '{"user": "alice", "request_id": "req-1", "roles": ["admin"]}'],
                lambda o: o['result'] == {'user': 'alice', 'request_id': 'req-1', 'roles': ['admin'], 'client_timeout': None})
        r.check('echo_ctxt with call-monitor-timeout 6', s1 + ['--call-monitor-timeout', '6', 'call', 'echo_ctxt'],
                lambda o: o['result'] == {'client_timeout': 6})
        r.check('add', s1 + ['call', 'add', '--args', '{"a": 2, "b": 3}'],
                lambda o: o['result'] == 5)
        with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as f:
            big = 'x' * (1024 * 1024)
            json.dump({'payload': big}, f)
        try:
            r.check('echo 1 MiB', s1 + ['--timeout', '30', 'call', 'echo', '--args', '@' + f.name],
                    lambda o: o['ok'] and o['result'] == big)
        finally:
            os.unlink(f.name)
        r.check('fail -> ValueError', s1 + ['call', 'fail', '--args', '{"message": "bad value"}'],
                lambda o: o['type'] == 'ValueError' and o['module'] == 'builtins'
                and o['message_first_line'] == 'bad value' and not o['is_remote_error'])
        r.check('fail_custom, no allowed exmods -> RemoteError', s1 + ['call', 'fail_custom', '--args', '{"message": "custom boom"}'],
                lambda o: o['type'] == 'RemoteError' and o['remote_error_exc_type'] == 'InteropError'
                and o['remote_error_value'] == 'custom boom')
        r.check('fail_custom, --allowed-exmods interopmod', s1 + ['--allowed-exmods', 'interopmod', 'call', 'fail_custom', '--args', '{"message": "custom boom"}'],
                lambda o: o['type'] == 'InteropError_Remote' and o['module'] == 'interopmod_Remote'
                and o['kwargs'] == {'code': 42} and o['args'] == ['custom boom'])
        r.check('fail_expected -> KeyError', s1 + ['call', 'fail_expected', '--args', '{"message": "missing key"}'],
                lambda o: o['type'] == 'KeyError' and o['message_first_line'] == "'missing key'")
        r.check('ns2 v2.0 echo_b', s1 + ['--namespace', 'ns2', '--version', '2.0', 'call', 'echo_b', '--args', '{"payload": "p"}'],
                lambda o: o['result'] == {'endpoint': 'B', 'payload': 'p'})
        r.check('v1.3 echo (exact version)', s1 + ['--version', '1.3', 'call', 'echo', '--args', '{"payload": 1}'],
                lambda o: o['result'] == 1)
        r.check('v1.4 -> UnsupportedVersion', s1 + ['--version', '1.4', 'call', 'echo', '--args', '{"payload": 1}'],
                lambda o: o['type'] == 'RemoteError' and o['remote_error_exc_type'] == 'UnsupportedVersion')
        r.check('ns2 v1.0 -> UnsupportedVersion', s1 + ['--namespace', 'ns2', '--version', '1.0', 'call', 'echo_b', '--args', '{"payload": 1}'],
                lambda o: o['remote_error_exc_type'] == 'UnsupportedVersion')
        r.check('unknown method -> NoSuchMethod', s1 + ['call', 'no_such_method'],
                lambda o: o['type'] == 'RemoteError' and o['remote_error_exc_type'] == 'NoSuchMethod')
        r.check('ping (s1 has --ping)', s1 + ['call', 'oslo_rpc_server_ping'],
                lambda o: o == {'ok': True, 'result': 'pong'})
        r.check('ping s2 (no --ping) -> NoSuchMethod', ['--server', 's2', '--timeout', '10', 'call', 'oslo_rpc_server_ping'],
                lambda o: o['remote_error_exc_type'] == 'NoSuchMethod')
        r.check('call-monitor: sleep 4, cmt 2, timeout 20', s1 + ['--timeout', '20', '--call-monitor-timeout', '2', 'call', 'sleep', '--args', '{"seconds": 4}'],
                lambda o: o == {'ok': True, 'result': 4})
        r.check('timeout: sleep 5, timeout 1 -> MessagingTimeout', s1 + ['--timeout', '1', 'call', 'sleep', '--args', '{"seconds": 5}'],
                lambda o: o['type'] == 'MessagingTimeout' and o['module'] == 'oslo_messaging.exceptions'
                and 0.9 <= o['elapsed'] < 3)
        r.check('cast note (s1)', s1 + ['cast', 'note', '--args', '{"kind": "cast-1"}'],
                lambda o: o == {'ok': True, 'result': None})
        r.check('fanout cast note', ['--fanout', 'cast', 'note', '--args', '{"kind": "fanout-1"}'],
                lambda o: o == {'ok': True, 'result': None})
        time.sleep(0.5)
        r.check('notes s1', s1 + ['call', 'notes'],
                lambda o: sorted(o['result']) == ['cast-1', 'fanout-1'])
        r.check('notes s2', ['--server', 's2', 'call', 'notes'],
                lambda o: o['result'] == ['fanout-1'])
        r.check('notes s3 (exchange interop_x; fanout exchange T_fanout is shared)',
                ['--exchange', 'interop_x', '--server', 's3', 'call', 'notes'],
                lambda o: o['result'] == ['fanout-1'])
        r.check('exchange interop_x: s3', ['--exchange', 'interop_x', '--server', 's3', 'call', 'echo', '--args', '{"payload": "x"}'],
                lambda o: o['result'] == 'x')
        r.check('default exchange cannot reach s3 -> MessagingTimeout', ['--server', 's3', '--timeout', '2', 'call', 'echo', '--args', '{"payload": "x"}'],
                lambda o: o['type'] == 'MessagingTimeout')
    finally:
        r.stop_servers()
    print('%d failed' % r.failures if r.failures else 'all interop self-checks passed')
    return 1 if r.failures else 0


if __name__ == '__main__':
    sys.exit(main())
