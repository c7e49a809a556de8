"""Fleet-scale comparison (issue 10 item 4): N Python oslo.messaging RPC servers on topic `compute`
(host-1 .. host-N) in one process on one transport, as the .NET fleet simulation (bench/Oslo.Messaging.Fleet).

    /usr/bin/python3 bench/python/fleet_servers.py URL N

Prints one JSON line once all servers are started ({"started": N, "start_all_s", "rss_kib_per_server"}), then waits for
a line on stdin (the caller counts the broker's connections meanwhile), stops all servers (64 at a time) and prints
{"stop_all_s"}.
"""
import concurrent.futures
import json
import resource
import sys
import time

import oslo_messaging
from oslo_config import cfg


def rss_kib():
    with open('/proc/self/status') as status:
        for line in status:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class Compute(object):
    target = oslo_messaging.Target(version='1.0')

    def __init__(self, host):
        self.host = host

    def ping(self, ctxt):
        return self.host


def main():
    url, n = sys.argv[1], int(sys.argv[2])
    conf = cfg.ConfigOpts()
    conf([], project='fleet')
    oslo_messaging.set_transport_defaults('nova')
    transport = oslo_messaging.get_rpc_transport(conf, url=url)
    before = rss_kib()
    started = time.monotonic()
    servers = []
    for i in range(1, n + 1):
        target = oslo_messaging.Target(topic='compute', server='host-%d' % i)
        server = oslo_messaging.get_rpc_server(transport, target, [Compute('host-%d' % i)], executor='threading')
        server.start()
        servers.append(server)
    start_all = time.monotonic() - started
    print(json.dumps({'started': n, 'start_all_s': round(start_all, 2),
                      'rss_kib_per_server': round((rss_kib() - before) / n, 1)}), flush=True)
    sys.stdin.readline()
    started = time.monotonic()
    # In parallel: one server's stop waits for its listener's poll to end (about 0.8 s each, 76 s for 100 one after
    # the other), which says nothing about the broker's cost.
    with concurrent.futures.ThreadPoolExecutor(max_workers=64) as pool:
        list(pool.map(lambda server: server.stop(), servers))
        list(pool.map(lambda server: server.wait(), servers))
    print(json.dumps({'stop_all_s': round(time.monotonic() - started, 2)}), flush=True)
    transport.cleanup()


if __name__ == '__main__':
    main()
