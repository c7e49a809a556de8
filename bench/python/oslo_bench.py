#!/usr/bin/python3
"""Python oslo.messaging benchmark worker (the worker protocol of bench/Oslo.Messaging.Benchmarks.Harness).

  /usr/bin/python3 oslo_bench.py client --url rabbit://guest:guest@127.0.0.1:5799/
      The worker the orchestrator drives: reads one JSON command a line on stdin ({"op": "run", "scenario": {...}}
      or {"op": "stop"}), answers on stdout with lines starting with "@@bench " + JSON (events ready, result,
      stopped, error). It starts the RPC server below in a SECOND process (the GIL would otherwise make client and
      server share one core's worth of Python) and runs the scenario with threads, one per outstanding call.
  /usr/bin/python3 oslo_bench.py server --url URL --topic T
      A real oslo.messaging RPC server (threading executor, executor_thread_pool_size 64 by default) with
      echo(payload) -> payload and note(payload) (counts casts). Prints READY; answers "stats" on stdin with one JSON
      line {"casts", "cpu", "maxrss_kb"}; exits on "stop" or end of input.

Everything mirrors the .NET runner (ScenarioRunner.cs): warm-up, then a measured phase bounded by a count AND a time
cap; calls are timed one by one; casts are counted at the server.
"""
import argparse
import json
import logging
import os
import platform
import resource
import subprocess
import sys
import threading
import time

PREFIX = '@@bench '
MAX_ERRORS = 100
_PAYLOADS = {}


def payload_of(json_bytes):
    """Same rule as Payloads.cs: a string such that {"payload": "..."} is about json_bytes bytes."""
    if json_bytes not in _PAYLOADS:
        length = max(1, json_bytes - 15)
        alphabet = 'abcdefghijklmnopqrstuvwxyz'
        _PAYLOADS[json_bytes] = (alphabet * (length // 26 + 1))[:length]
    return _PAYLOADS[json_bytes]


def transport_for(url):
    from oslo_config import cfg
    import oslo_messaging
    # The global CONF: oslo.messaging 14 reads some options (metrics) from cfg.CONF; a private ConfigOpts breaks calls.
    cfg.CONF([], project='oslo_bench')
    return oslo_messaging.get_rpc_transport(cfg.CONF, url=url)


class Endpoint(object):
    def __init__(self):
        self._lock = threading.Lock()
        self.casts = 0

    def echo(self, ctxt, payload):
        return payload

    def note(self, ctxt, payload):
        with self._lock:
            self.casts += 1


def server_main(args):
    import oslo_messaging
    transport = transport_for(args.url)
    endpoint = Endpoint()
    server = oslo_messaging.get_rpc_server(
        transport, oslo_messaging.Target(topic=args.topic, server='bench'), [endpoint], executor='threading')
    server.start()
    sys.stdout.write('READY\n')
    sys.stdout.flush()
    for line in sys.stdin:
        command = line.strip()
        if command == 'stats':
            t = os.times()
            usage = resource.getrusage(resource.RUSAGE_SELF)
            sys.stdout.write(json.dumps({
                'casts': endpoint.casts,
                'cpu': t.user + t.system,
                'switches': usage.ru_nvcsw,
                'maxrss_kb': usage.ru_maxrss,
            }) + '\n')
            sys.stdout.flush()
        elif command == 'stop':
            break
    # server.stop()/wait() and transport.cleanup() take ~10 s in 14.0.3 (poller waits); the OS closes the sockets.
    os._exit(0)


class ServerProcess(object):
    def __init__(self, url, topic):
        self._lock = threading.Lock()
        self._process = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), 'server', '--url', url, '--topic', topic],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self._process.stdout.readline()
        if line.strip() != 'READY':
            raise RuntimeError('the oslo.messaging server process did not start (exit code %s)' % self._process.poll())

    def stats(self):
        with self._lock:
            self._process.stdin.write('stats\n')
            self._process.stdin.flush()
            return json.loads(self._process.stdout.readline())

    def stop(self):
        try:
            self._process.stdin.write('stop\n')
            self._process.stdin.flush()
            self._process.wait(10)
        except Exception:  # noqa: BLE001 - the server is ours; make sure it goes
            self._process.kill()


class Phase(object):
    """Shared state of the threads of one phase: how many operations may still start, and until when."""

    def __init__(self, count, seconds):
        self._lock = threading.Lock()
        self._issued = 0
        self._count = count
        self._deadline = time.perf_counter() + seconds
        self.started = time.perf_counter()
        self.done = 0
        self.errors = 0
        self.first_error = None
        self.latencies = []

    def take(self):
        with self._lock:
            self._issued += 1
            return self._issued <= self._count and time.perf_counter() < self._deadline and self.errors < MAX_ERRORS

    def succeed(self, latency_ns=None):
        with self._lock:
            self.done += 1
            if latency_ns is not None:
                self.latencies.append(latency_ns)

    def fail(self, message):
        with self._lock:
            self.errors += 1
            if self.first_error is None:
                self.first_error = message


def run_threads(concurrency, loop):
    threads = [threading.Thread(target=loop, daemon=True) for _ in range(max(1, concurrency))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def call_loop(client, payload, phase, timed):
    while phase.take():
        start = time.perf_counter_ns()
        try:
            echoed = client.call({}, 'echo', payload=payload)
            end = time.perf_counter_ns()
            if not isinstance(echoed, str) or len(echoed) != len(payload):
                phase.fail('wrong echo')
                continue
            phase.succeed(end - start if timed else None)
        except Exception as e:  # noqa: BLE001 - counted and reported
            phase.fail('%s: %s' % (type(e).__name__, str(e).split('\n', 1)[0]))


def cast_loop(client, payload, phase):
    while phase.take():
        try:
            client.cast({}, 'note', payload=payload)
            phase.succeed()
        except Exception as e:  # noqa: BLE001
            phase.fail('%s: %s' % (type(e).__name__, str(e).split('\n', 1)[0]))


def rank(sorted_values, p):
    index = max(0, min(len(sorted_values) - 1, int(-(-p * len(sorted_values) // 1)) - 1))
    return sorted_values[index]


def drain(server, target, seconds):
    deadline = time.perf_counter() + seconds
    while server.stats()['casts'] < target:
        if time.perf_counter() > deadline:
            return False
        time.sleep(0.002)
    return True


def usage_now(server):
    """CPU seconds and voluntary context switches of the client and the server process together."""
    t = os.times()
    mine = resource.getrusage(resource.RUSAGE_SELF)
    theirs = server.stats()
    return t.user + t.system + theirs['cpu'], mine.ru_nvcsw + theirs['switches']


def run_scenario(client, server, command):
    payload = payload_of(command.get('payload_bytes', 100))
    concurrency = command.get('concurrency', 1)
    is_call = command.get('kind', 'call') == 'call'
    base = {'scenario': command['id'], 'implementation': 'python'}
    warmup = Phase(command.get('warmup_count', 10), command.get('warmup_seconds', 0))
    before_warmup = server.stats()['casts']
    if is_call:
        run_threads(concurrency, lambda: call_loop(client, payload, warmup, False))
        if warmup.done == 0 and warmup.errors > 0:
            return dict(base, ok=False, error='warm-up failed: %s' % warmup.first_error)
    else:
        run_threads(concurrency, lambda: cast_loop(client, payload, warmup))
        drain(server, before_warmup + warmup.done, command.get('drain_seconds', 15))

    cpu_before, switches_before = usage_now(server)
    casts_before = server.stats()['casts']
    phase = Phase(command.get('count', 1000), command.get('seconds', 1))
    if is_call:
        run_threads(concurrency, lambda: call_loop(client, payload, phase, True))
    else:
        run_threads(concurrency, lambda: cast_loop(client, payload, phase))
        drained = drain(server, casts_before + phase.done, command.get('drain_seconds', 15))
    elapsed = time.perf_counter() - phase.started
    ops = phase.done if is_call else server.stats()['casts'] - casts_before
    cpu_after, switches_after = usage_now(server)
    cpu = cpu_after - cpu_before
    result = dict(base, ok=ops > 0, error=phase.first_error, ops=ops, errors=phase.errors,
                  elapsed_seconds=elapsed, throughput=ops / elapsed,
                  cpu_us_per_op=(cpu * 1e6 / ops) if ops else None,
                  switches_per_op=((switches_after - switches_before) / ops) if ops else None)
    if is_call and phase.latencies:
        lat = sorted(phase.latencies)
        result.update(p50_us=rank(lat, 0.50) / 1000.0, p90_us=rank(lat, 0.90) / 1000.0,
                      p99_us=rank(lat, 0.99) / 1000.0, max_us=lat[-1] / 1000.0,
                      mean_us=sum(lat) / len(lat) / 1000.0)
    if not is_call:
        result['sent'] = phase.done
        result['errors'] = phase.errors + max(0, phase.done - ops)
        if not drained and result['error'] is None:
            result['error'] = 'only %d of %d casts reached the server' % (ops, phase.done)
    return result


def emit(message):
    sys.stdout.write(PREFIX + json.dumps(message) + '\n')
    sys.stdout.flush()


def client_main(args):
    try:
        import oslo_messaging
        from importlib import metadata
        topic = 'bench_python_%d' % os.getpid()
        server = ServerProcess(args.url, topic)
        transport = transport_for(args.url)
        client = oslo_messaging.get_rpc_client(transport, oslo_messaging.Target(topic=topic), timeout=30)
        client.call({}, 'echo', payload='x')  # creates the reply queue, proves the server answers
    except Exception as e:  # noqa: BLE001 - reported to the orchestrator
        emit({'event': 'error', 'error': 'start failed: %s: %s' % (type(e).__name__, e)})
        return 1
    emit({'event': 'ready', 'implementation': 'python', 'info': {
        'what': 'oslo.messaging RPCClient + RPC server (threading executor) in a second process',
        'python': platform.python_version(),
        'oslo_messaging': metadata.version('oslo.messaging'),
    }})
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line)
        if message.get('op') == 'stop':
            break
        if message.get('op') == 'run':
            try:
                result = run_scenario(client, server, message['scenario'])
            except Exception as e:  # noqa: BLE001
                result = {'scenario': message['scenario'].get('id'), 'implementation': 'python', 'ok': False,
                          'error': '%s: %s' % (type(e).__name__, e)}
            emit({'event': 'result', 'result': result})
    server_rss = server.stats()['maxrss_kb'] * 1024
    server.stop()
    emit({'event': 'stopped',
          'peak_working_set_bytes': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
          'server_peak_working_set_bytes': server_rss})
    sys.stderr.flush()
    os._exit(0)  # transport.cleanup() would wait ~10 s for the reply poller


def main():
    parser = argparse.ArgumentParser(description='oslo.messaging benchmark worker')
    parser.add_argument('mode', choices=['client', 'server'])
    parser.add_argument('--url', required=True)
    parser.add_argument('--topic', default='bench_python')
    args = parser.parse_args()
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING,
                        format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    return server_main(args) if args.mode == 'server' else client_main(args)


if __name__ == '__main__':
    sys.exit(main())
