"""The benchmark: requests, 429s and wall time of the collection, of hand-written uri playbooks, and the lower bound.

Every scenario runs against the bundled simulator with the ClawHosters rate limit (100 requests per 60 s per
key, a fresh key per run) and its documented action times (start and stop 3 s, restart 5 s, delete 5 s). The
figures go to a JSON file; tests/benchmarks/report.py turns it into the chart and the table of the docs.

    python tests/benchmarks/run.py --out results.json [--sizes 10,50] [--per-host 60:10,200:20] [--only per-host]

The per-host runs (one task per inventory host under forks, by id and by name, against a careful uri playbook) run
under a tighter limit, PER_HOST_LIMIT requests per PER_HOST_WINDOW s, so that the rate limit, not Ansible, bounds them.

It measures; it does not pass or fail. The targets of issues 8, 17 and 38 are evaluated and recorded with the figures.
"""

from __future__ import annotations

import argparse
import datetime
import email.utils
import json
import math
import os
import pathlib
import platform
import subprocess
import sys
import tempfile
import threading
import time

import ansible

from ansible_collections.openclaw.hosting.plugins.module_utils._file_store import FOLDER_ENV, SharedFile
from ansible_collections.openclaw.hosting.plugins.module_utils._rate_state import MAX_BYTES, clean
from ansible_collections.openclaw.hosting.plugins.module_utils._rate_window import RateWindow
from ansible_collections.openclaw.hosting.tests.simulator.controllers import mixed
from ansible_collections.openclaw.hosting.tests.simulator.process import COLLECTION_ROOT, SimulatorProcess

PLAYBOOKS = pathlib.Path(__file__).resolve().parent / 'playbooks'
BIN = pathlib.Path(sys.executable).parent
LIMIT, WINDOW = 100, 60.0  # the ClawHosters rate limit
PER_HOST_LIMIT, PER_HOST_WINDOW = 10, 3.0  # the per-host runs' limit
SECTIONS = ('one', 'fleets', 'per-host', 'sliced', 'inventory')
LIST_FRESHNESS = 2.0  # the modules' default list_freshness: per-host tasks by name may list once per this long
ACTION_SECONDS = {'start': 3.0, 'stop': 3.0, 'restart': 5.0, 'delete': 5.0}  # the simulator's default timings
FORKS = 20
ONE_INSTANCE = [  # (scenario, start status, desired state, the action it needs)
    ('no-op', 'running', 'started', None),
    ('stop', 'running', 'stopped', 'stop'),
    ('start', 'stopped', 'started', 'start'),
    ('restart', 'running', 'restarted', 'restart'),
    ('delete with wait', 'stopped', 'absent', 'delete'),
]


class Bench:
    """One simulator, the scenes of the scenarios, and the runs of the playbooks."""

    def __init__(self, simulator: SimulatorProcess, workdir: pathlib.Path) -> None:
        self.simulator = simulator
        self.workdir = workdir
        self.runs = 0

    def scene(self, statuses: list[str], limit: tuple[int, float] = (LIMIT, WINDOW)) -> tuple[str, list[int]]:
        """A fresh key (so a fresh rate-limit window) with one instance per status; returns the key and the ids."""
        self.runs += 1
        key = 'oc_live_bench_%03d_secret' % self.runs
        specs = [{'name': 'bot-%03d' % index, 'status': status} for index, status in enumerate(statuses)]
        ids = self.simulator.control('POST', '/reset', {'clawhosters': {key: specs},
                                                        'rate_limit': {'limit': limit[0], 'window': limit[1]}})['clawhosters'][key]
        return key, ids

    def start(self, command: str, args: list[str], key: str, forks: int = FORKS, **env: str) -> subprocess.Popen:
        """Start an Ansible command against the simulator (`env`: more environment), its output piped."""
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTION_ROOT.parents[2]), ANSIBLE_HOST_KEY_CHECKING='false',
                   ANSIBLE_NOCOLOR='1', ANSIBLE_FORKS=str(forks), ANSIBLE_RETRY_FILES_ENABLED='false',
                   CLAWHOSTERS_API_KEY=key, CLAWHOSTERS_API_URL=self.simulator.api_url, **env)
        return subprocess.Popen([str(BIN / command), *args], env=env, cwd=self.workdir, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)

    def ansible(self, command: str, args: list[str], key: str, forks: int = FORKS) -> tuple[int, float, str]:
        """Run an Ansible command against the simulator; returns (exit code, seconds, output)."""
        started = time.monotonic()
        process = self.start(command, args, key, forks)
        output = process.communicate()[0]
        return process.returncode, time.monotonic() - started, output

    def inventory(self, hosts: dict[str, dict], part: str = '') -> str:
        """An inventory file of localhost-connected hosts (`part`: which of the run's inventories)."""
        path = self.workdir / ('hosts-%03d%s.json' % (self.runs, part))
        path.write_text(json.dumps({'all': {'hosts': hosts, 'vars': {
            'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable}}}))
        return str(path)

    def converge(self, variant: str, statuses: list[str], desired: str, by: str, forks: int = FORKS,
                 limit: tuple[int, float] = (LIMIT, WINDOW)) -> dict:
        """Converge instances in these statuses to `desired` with one variant; the figures of the run."""
        key, ids = self.scene(statuses, limit)
        names = ['bot-%03d' % index for index in range(len(ids))]
        given = [{'id': instance_id} if by == 'id' else {'name': name} for instance_id, name in zip(ids, names)]
        if variant in ('power', 'fleet'):  # one task for all: the role, or its module alone
            extra = self.workdir / ('fleet-%03d.json' % self.runs)
            extra.write_text(json.dumps({'power_provider': 'clawhosters',
                                         'power_instances': [dict(item, state=desired) for item in given]}))
            args = [str(PLAYBOOKS / ('%s.yml' % variant)), '-i', self.inventory({'localhost': {}}), '-e', '@%s' % extra]
        else:
            hosts = {name: {'instance_' + by: item[by], 'desired': desired} for name, item in zip(names, given)}
            args = [str(PLAYBOOKS / ('uri.yml' if variant == 'uri' else 'collection.yml')), '-i', self.inventory(hosts)]
        code, seconds, output = self.ansible('ansible-playbook', args, key, forks)
        figures = self.served(seconds, code, output)
        final = self.simulator.instances()
        reached = {'absent': None, 'stopped': 'stopped'}.get(desired, 'running')
        figures['converged'] = all((final.get(instance_id) or {}).get('status') == reached for instance_id in ids)
        return figures

    def served(self, seconds: float, code: int, output: str) -> dict:
        """Requests and 429s of the run from the simulator's log, with its time and failed tasks."""
        log = self.simulator.control('GET', '/requests')['requests']
        failed = sum(int(count) for count in _recap_counts(output, 'failed'))
        return {'requests': len(log), 'rate_limited': sum(1 for r in log if r['status'] == 429),
                'seconds': round(seconds, 2), 'failed_tasks': failed, 'exit_code': code, 'log': log}


def _recap_counts(output: str, field: str) -> list[str]:
    return [part.split('=')[1] for line in output.splitlines() if ' : ok=' in line
            for part in line.split() if part.startswith(field + '=')]


def polls(log: list[dict], action: str | None) -> dict | None:
    """How the wait after the action polled: reads, their pace, and how late the last one came after the state."""
    acted = [r for r in log if r['method'] in ('POST', 'DELETE') and r['status'] == 200]
    if not action or not acted:
        return None
    sent = acted[-1]['time']
    reads = [r for r in log if r['method'] == 'GET' and r['time'] > sent]
    if not reads:
        return {'polls': 0}
    span = reads[-1]['time'] - sent
    reached = sent + ACTION_SECONDS[action]
    return {'polls': len(reads), 'seconds': round(span, 2), 'seconds_per_poll': round(span / len(reads), 2),
            'late_seconds': round(reads[-1]['time'] - reached, 2)}


def fleet_bound(size: int, changed: int, by: str, limit: tuple[int, float] = (LIMIT, WINDOW)) -> dict:
    """The least a careful client needs to stop `changed` of `size` instances: by name one list to find them, then one
    detail read of each (its can_* flags decide, as the API's docs require), then per change its action and one
    detail read showing it done; and the time the rate limit imposes on that many requests, or the action's own."""
    minimum = (1 if by == 'name' else 0) + size + 2 * changed
    return {'requests': minimum, 'seconds': max(rate_limit_seconds(minimum, *limit), ACTION_SECONDS['stop'])}


def ansible_floor(bench: Bench, size: int, forks: int) -> float | None:
    """Ansible's own time for one trivial module per host on this machine (the floor of per-host tasks)."""
    code, seconds, dummy = bench.ansible('ansible-playbook', [str(PLAYBOOKS / 'floor.yml'), '-i', bench.inventory(
        {'bot-%03d' % index: {} for index in range(size)})], 'oc_live_bench_floor', forks)
    return round(seconds, 2) if code == 0 else None


def rate_limit_seconds(requests: int, limit: int = LIMIT, window: float = WINDOW) -> float:
    """The least time the rate limit imposes on this many requests: every full window before the last one's."""
    return max(math.ceil(requests / limit) - 1, 0) * window


def rate_bound(run: dict, limit: tuple[int, float] = (PER_HOST_LIMIT, PER_HOST_WINDOW)) -> float:
    """The time the rate limit imposes on a run's accepted requests: accepted / limit x window."""
    return (run['requests'] - run['rate_limited']) / limit[0] * limit[1]


def one_instance(bench: Bench) -> list[dict]:
    """The five one-instance scenarios, by id: the collection's module against the uri playbook."""
    scenarios = []
    for name, status, desired, action in ONE_INSTANCE:
        minimum = 3 if action else 1  # the read, then the action and one read that shows it done
        scenario = {'name': name, 'group': 'one instance', 'size': 1, 'by': 'id',
                    'bound': {'requests': minimum, 'seconds': ACTION_SECONDS.get(action or '', 0.0)}, 'runs': {}}
        for variant in ('collection', 'uri'):
            run = bench.converge(variant, [status], desired, 'id')
            run['polls'] = polls(run['log'], action)
            scenario['runs'][variant] = run
        scenarios.append(scenario)
    return scenarios


def fleets(bench: Bench, sizes: list[int]) -> list[dict]:
    """Fleets from a mixed start (two in three running) to stopped, by id and by name, every way."""
    scenarios = []
    for size in sizes:
        statuses = mixed(size)
        changed = statuses.count('running')
        floor = ansible_floor(bench, size, FORKS)
        for by in ('id', 'name'):
            scenario = {'name': 'fleet of %d by %s' % (size, by), 'group': 'fleet', 'size': size, 'by': by, 'changed': changed,
                        'forks': FORKS, 'bound': fleet_bound(size, changed, by), 'ansible_floor_seconds': floor, 'runs': {}}
            for variant in ('collection', 'fleet', 'power', 'uri'):
                scenario['runs'][variant] = bench.converge(variant, statuses, 'stopped', by)
            scenarios.append(scenario)
    return scenarios


def per_host(bench: Bench, size: int, forks: int) -> list[dict]:
    """One task per inventory host under forks, by id and by name: the module against the careful uri playbook, under
    PER_HOST_LIMIT requests per PER_HOST_WINDOW s."""
    statuses = mixed(size)
    changed = statuses.count('running')
    limit = (PER_HOST_LIMIT, PER_HOST_WINDOW)
    floor = ansible_floor(bench, size, forks)
    scenarios = []
    for by in ('id', 'name'):
        scenario = {'name': '%d hosts by %s, forks %d' % (size, by, forks), 'group': 'per host', 'size': size, 'by': by,
                    'changed': changed, 'forks': forks, 'limit': '%d per %g s' % limit,
                    'bound': fleet_bound(size, changed, by, limit), 'ansible_floor_seconds': floor, 'runs': {}}
        for variant in ('collection', 'uri'):
            scenario['runs'][variant] = bench.converge(variant, statuses, 'stopped', by, forks, limit)
        scenarios.append(scenario)
    return scenarios


def sliced(bench: Bench, size: int, forks: int, slices: int) -> dict:
    """The per-host run by id cut into `slices` playbooks on one key, started together, each with its own window state
    (as an Automation Platform job's slices on other execution nodes), under PER_HOST_LIMIT per PER_HOST_WINDOW s."""
    statuses = mixed(size)
    changed = statuses.count('running')
    limit = (PER_HOST_LIMIT, PER_HOST_WINDOW)
    key, ids = bench.scene(statuses, limit)
    hosts = [('bot-%03d' % index, {'instance_id': instance_id, 'desired': 'stopped'}) for index, instance_id in enumerate(ids)]
    started = time.monotonic()
    processes = []
    for part in range(slices):
        state = bench.workdir / ('state-%03d-%d' % (bench.runs, part))
        processes.append(bench.start('ansible-playbook', [str(PLAYBOOKS / 'collection.yml'), '-i', bench.inventory(
            dict(hosts[part::slices]), '%d-slice-%d' % (slices, part))], key, forks, **{FOLDER_ENV: str(state)}))
    outputs, seconds = [''] * slices, [0.0] * slices

    def finish(part: int) -> None:  # each slice read as it runs, so that no pipe fills, and timed as it ends
        outputs[part] = processes[part].communicate()[0]
        seconds[part] = round(time.monotonic() - started, 2)

    readers = [threading.Thread(target=finish, args=(part,)) for part in range(slices)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    figures = bench.served(max(seconds), max(process.returncode for process in processes), '\n'.join(outputs))
    figures['slice_seconds'] = seconds
    final = bench.simulator.instances()
    figures['converged'] = all((final.get(instance_id) or {}).get('status') == 'stopped' for instance_id in ids)
    return {'name': '%d hosts by id in %d slices, forks %d' % (size, slices, forks), 'group': 'sliced', 'size': size,
            'by': 'id', 'changed': changed, 'forks': forks, 'slices': slices, 'limit': '%d per %g s' % limit,
            'bound': fleet_bound(size, changed, 'id', limit), 'runs': {'collection': figures}}


def lock_overhead(rounds: int = 3000) -> dict:
    """What sharing the rate window adds to each request: a window's work per request (take a slot, note the answer's
    headers) in a state file under its lock, against the same in the process's memory; no network, so no noise."""
    now = time.time()
    headers = {'X-RateLimit-Limit': '1000000', 'X-RateLimit-Remaining': '999999', 'X-RateLimit-Reset': str(int(now) + 60),
               'Date': email.utils.formatdate(now, usegmt=True)}
    per_request: dict[str, list[float]] = {'own': [], 'shared': []}
    with tempfile.TemporaryDirectory() as folder:
        for dummy in range(3):  # alternating, so that a warm-up favours neither
            for kind in ('own', 'shared'):
                window = RateWindow(SharedFile(os.path.join(folder, 'state.json'), MAX_BYTES, clean) if kind == 'shared' else None)
                started = time.perf_counter()
                for dummy2 in range(rounds):
                    window.take_slot()
                    window.note(time.time(), 200, headers)
                per_request[kind].append((time.perf_counter() - started) / rounds)
    own, shared = min(per_request['own']), min(per_request['shared'])
    return {'requests': rounds, 'own_ms': round(own * 1000, 3), 'shared_ms': round(shared * 1000, 3),
            'overhead_ms': round((shared - own) * 1000, 3)}


def inventory_parse(bench: Bench, size: int) -> list[dict]:
    """An inventory of `size` instances: the plugin cold and from its cache, and a uri playbook with add_host."""
    key, dummy = bench.scene(['running' if index % 3 else 'stopped' for index in range(size)])
    cache = bench.workdir / 'inventory-cache'
    source = bench.workdir / 'bench.clawhosters.yml'
    source.write_text(json.dumps({'plugin': 'openclaw.hosting.clawhosters', 'cache': True,
                                  'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(cache),
                                  'cache_timeout': 3600}))
    figures = {}
    for variant in ('cold', 'cached'):
        bench.simulator.clear()
        code, seconds, output = bench.ansible('ansible-inventory', ['-i', str(source), '--list'], key)
        served = bench.served(seconds, code, '')
        served['hosts'] = len(json.loads(output).get('_meta', {}).get('hostvars', {})) if code == 0 else 0
        figures[variant] = served
    uri_runs = {}
    for variant in ('cold', 'cached'):  # a uri playbook has no cache: every run lists again
        bench.simulator.clear()
        code, seconds, output = bench.ansible('ansible-playbook', [str(PLAYBOOKS / 'uri_inventory.yml'), '-i',
                                                                   bench.inventory({'localhost': {}})], key)
        uri_runs[variant] = bench.served(seconds, code, output)
    return [{'name': 'inventory of %d, %s' % (size, variant), 'group': 'inventory', 'size': size, 'by': 'list',
             'bound': {'requests': 1 if variant == 'cold' else 0, 'seconds': 0.0},
             'runs': {'collection': figures[variant], 'uri': uri_runs[variant]}} for variant in ('cold', 'cached')]


def ratios(scenario: dict) -> dict:
    """The figures of the collection's module (and power role) over the uri playbook's and over the bound."""
    runs = scenario['runs']
    out = {}
    for variant in ('collection', 'power'):
        if variant in runs and 'uri' in runs:
            out['%s_vs_uri' % variant] = {field: _ratio(runs[variant][field], runs['uri'][field]) for field in ('requests', 'seconds')}
            out['%s_vs_bound' % variant] = {field: _ratio(runs[variant][field], scenario['bound'][field])
                                            for field in ('requests', 'seconds')}
    return out


def _ratio(value: float, reference: float) -> float | None:
    return round(value / reference, 2) if reference else None


def targets(scenarios: list[dict]) -> list[dict]:
    """The targets of the issue, each with what was measured and whether it was met."""
    by_name = {s['name']: s for s in scenarios}
    checks = []
    noop = by_name.get('no-op')
    if noop:
        checks.append(('a no-op task makes exactly one request', noop['runs']['collection']['requests'] == 1,
                       '%d request' % noop['runs']['collection']['requests']))
    for scenario in (s for s in scenarios if s['group'] == 'one instance' and s['runs']['collection'].get('polls')):
        run = scenario['runs']['collection']
        poll = run['polls']
        checks.append(('%s by id makes 2 requests plus the polls of its wait' % scenario['name'], run['requests'] == 2 + poll['polls'],
                       '%d requests, %d polls' % (run['requests'], poll['polls'])))
        checks.append(('%s: polling spends at most one request per 2 s and stops within one poll of the state' % scenario['name'],
                       poll['seconds_per_poll'] >= 2.0 and 0 <= poll['late_seconds'] <= poll['seconds_per_poll'],
                       '%.2f s per poll, last read %.2f s after the state was reached' % (poll['seconds_per_poll'], poll['late_seconds'])))
    for scenario in (s for s in scenarios if s['group'] == 'fleet'):
        for variant in ('collection', 'power'):
            run = scenario['runs'][variant]
            within = run['seconds'] <= 1.2 * scenario['bound']['seconds']
            checks.append(('%s with %s converges within 1.2x the rate-limit bound with 0 failed tasks' % (
                scenario['name'], 'the modules' if variant == 'collection' else 'the power role'),
                within and run['failed_tasks'] == 0 and run['converged'],
                '%.1f s against a bound of %.1f s (%.2fx), %d failed tasks' % (
                    run['seconds'], scenario['bound']['seconds'], run['seconds'] / scenario['bound']['seconds'], run['failed_tasks'])))
    for scenario in (s for s in scenarios if s['group'] == 'fleet' and s['size'] <= 50):
        for variant in ('fleet', 'power'):
            run, bound = scenario['runs'][variant], scenario['bound']['seconds']
            checks.append(('%s with %s converges within 1.5x the bound (the action\'s own time)' % (
                scenario['name'], 'clawhosters_fleet' if variant == 'fleet' else 'the power role'),
                run['seconds'] <= 1.5 * bound and run['failed_tasks'] == 0 and run['converged'],
                '%.1f s against a bound of %.1f s (%.2fx)' % (run['seconds'], bound, run['seconds'] / bound)))
    for scenario in (s for s in scenarios if s['group'] == 'per host'):
        run, uri, bound = scenario['runs']['collection'], scenario['runs']['uri'], scenario['bound']
        rate = rate_bound(run)
        extra = run['requests'] - bound['requests']
        allowed = 0 if scenario['by'] == 'id' else math.ceil(run['seconds'] / LIST_FRESHNESS)
        checks.append(('%s: 0 answers 429, 0 failed tasks, requests at the floor%s, wall within 1.05x the rate bound '
                       '(accepted / limit x window) and no more than 2 %% above the uri playbook\'s' % (
                           scenario['name'], '' if scenario['by'] == 'id' else ' (or one list per list_freshness above it)'),
                       run['failed_tasks'] == 0 and run['converged'] and run['rate_limited'] == 0 and 0 <= extra <= allowed
                       and run['seconds'] <= 1.05 * rate and run['seconds'] <= 1.02 * uri['seconds'],
                       '%d failed, %d of %d answers 429, %d requests against a floor of %d, %.1f s against a rate bound of '
                       '%.1f s (%.3fx; (ceil(n / limit) - 1) x window gives %.1f s) and the uri playbook\'s %.1f s (%+.1f %%)' % (
                           run['failed_tasks'], run['rate_limited'], run['requests'], run['requests'], bound['requests'],
                           run['seconds'], rate, run['seconds'] / rate, bound['seconds'], uri['seconds'],
                           100 * (run['seconds'] / uri['seconds'] - 1))))
    for scenario in (s for s in scenarios if s['group'] == 'sliced'):
        run = scenario['runs']['collection']
        rate = rate_bound(run)
        checks.append(('%s: 0 failed tasks, 429s under 5 %% of the answers, wall within 1.3x the rate bound' % scenario['name'],
                       run['failed_tasks'] == 0 and run['converged'] and run['rate_limited'] < 0.05 * run['requests']
                       and run['seconds'] <= 1.3 * rate,
                       '%d failed, %d of %d answers 429 (%.1f %%), %.1f s against a rate bound of %.1f s (%.3fx); slices ended '
                       'after %s s' % (run['failed_tasks'], run['rate_limited'], run['requests'],
                                       100.0 * run['rate_limited'] / run['requests'], run['seconds'], rate, run['seconds'] / rate,
                                       ', '.join('%.1f' % seconds for seconds in run['slice_seconds']))))
    for scenario in (s for s in scenarios if 'uri' in s['runs']):
        uri = scenario['runs']['uri']
        for variant in ('collection', 'power'):
            run = scenario['runs'].get(variant)
            if run:
                # fewer requests, or as few as uri when both are at the lower bound (a no-op, a cold inventory: one)
                fewer = run['requests'] < uri['requests'] or run['requests'] == uri['requests'] == scenario['bound']['requests']
                fewer = fewer and uri['failed_tasks'] == 0 and uri.get('converged', True)  # only a uri run that did the job counts
                who = 'role' if variant == 'power' else 'collection'
                measured = '%d vs %d requests (bound %d), %.1f vs %.1f s' % (
                    run['requests'], uri['requests'], scenario['bound']['requests'], run['seconds'], uri['seconds'])
                checks.append(('%s: the %s beats uri on requests (or ties it at the bound) and on time' % (scenario['name'], who),
                               fewer and run['seconds'] < uri['seconds'], measured))
    return [{'target': name, 'met': bool(met), 'measured': measured} for name, met, measured in checks]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', required=True, help='the JSON file to write')
    parser.add_argument('--sizes', default='10,50', help='fleet sizes, comma-separated')
    parser.add_argument('--per-host', default='60:10,200:20', help='per-host runs as instances:forks, comma-separated')
    parser.add_argument('--sliced', default='200:20:2,200:20:4', help='sliced runs as instances:forks:slices, comma-separated')
    parser.add_argument('--inventory-size', type=int, default=200)
    parser.add_argument('--only', default=','.join(SECTIONS), help='the sections to run, comma-separated: %s' % ', '.join(SECTIONS))
    options = parser.parse_args()
    only = options.only.split(',')
    sizes = [int(size) for size in options.sizes.split(',') if size]
    per_host_runs = [tuple(int(part) for part in run.split(':')) for run in options.per_host.split(',') if run]
    sliced_runs = [tuple(int(part) for part in run.split(':')) for run in options.sliced.split(',') if run]
    started = time.monotonic()
    simulator = SimulatorProcess()
    os.environ[FOLDER_ENV] = simulator.rate_dir  # cleared with each new scene
    try:
        with tempfile.TemporaryDirectory() as workdir:
            bench = Bench(simulator, pathlib.Path(workdir))
            scenarios = one_instance(bench) if 'one' in only else []
            print('one instance: done in %.0f s' % (time.monotonic() - started), flush=True)
            for size in sizes if 'fleets' in only else []:
                scenarios += fleets(bench, [size])
                print('fleets of %d: done in %.0f s' % (size, time.monotonic() - started), flush=True)
            for size, forks in per_host_runs if 'per-host' in only else []:
                scenarios += per_host(bench, size, forks)
                print('%d hosts with forks %d: done in %.0f s' % (size, forks, time.monotonic() - started), flush=True)
            for size, forks, slices in sliced_runs if 'sliced' in only else []:
                scenarios.append(sliced(bench, size, forks, slices))
                print('%d hosts in %d slices: done in %.0f s' % (size, slices, time.monotonic() - started), flush=True)
            if 'inventory' in only:
                scenarios += inventory_parse(bench, options.inventory_size)
    finally:
        simulator.stop()
    overhead = lock_overhead()
    for scenario in scenarios:
        scenario['ratios'] = ratios(scenario)
        for run in scenario['runs'].values():
            run.pop('log', None)
    result = {
        'measured_at': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
        'machine': {'cpus': os.cpu_count(), 'python': platform.python_version(), 'ansible_core': ansible.__version__},
        'setup': {'rate_limit': '%d requests per %g s per key' % (LIMIT, WINDOW), 'action_seconds': ACTION_SECONDS,
                  'forks': FORKS, 'power_concurrency': 10, 'uri_poll_delay': 5},
        'seconds': round(time.monotonic() - started, 1),
        'scenarios': scenarios,
        'shared_window_per_request': overhead,
    }
    result['targets'] = [*targets(scenarios), {
        'target': 'sharing the rate window costs a request under 1 ms',
        'met': overhead['overhead_ms'] < 1.0,
        'measured': '%.3f ms per request (a window in memory %.3f ms, in the shared state file %.3f ms; %d requests each)' % (
            overhead['overhead_ms'], overhead['own_ms'], overhead['shared_ms'], overhead['requests'])}]
    pathlib.Path(options.out).write_text(json.dumps(result, indent=2) + '\n')
    met = sum(target['met'] for target in result['targets'])
    print('%d scenarios in %.0f s; %d of %d targets met; written to %s' % (
        len(scenarios), result['seconds'], met, len(result['targets']), options.out))
    for target in result['targets']:
        print('  [%s] %s: %s' % ('met' if target['met'] else 'MISSED', target['target'], target['measured']))
    return 0


if __name__ == '__main__':
    sys.exit(main())
