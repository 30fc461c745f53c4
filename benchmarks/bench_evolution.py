# Licensed under the Apache License, Version 2.0 (the "License"); you may
# not use this file except in compliance with the License. You may obtain
# a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
# WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
# License for the specific language governing permissions and limitations
# under the License.

"""What classifying every payload's changes costs.

For N synthetic payload classes (``bench_generator.py``'s project: each
payload of 12 fields, one a nested object of 4 fields, carried by its own
notification class: 3N classes in all), the contracts are recorded in a
temporary sample directory, then every 10th payload's recorded contract
loses a field and every 10th nested object's has a field nullable, so
that the comparison finds changes, bumps and cascades to name. It times
the classification, ``evolution.evaluate()`` (the project loaded, every
class's contract described, every history file read and validated,
compared, the cascades found), then the making of the history files
``check`` compares and ``generate`` writes (``Evaluation.files``), and,
as the floor, ``json.loads`` of the same history files, in the same
process. Prints the three, the ratio of the classification to the floor
and the number of messages::

    python benchmarks/bench_evolution.py [N ...]

Best of ``--repeat`` runs; the first (cold) run is printed too.
"""

import argparse
import json
import pathlib
import re
import sys
import tempfile
import time

import bench_generator

from versioned_notifications import contracts
from versioned_notifications import evolution
from versioned_notifications import historyfile
from versioned_notifications import sampledir

# bench_generator's class names: Bench<N>Payload<i>, Bench<N>Owner<i>.
CLASS_NAME = re.compile(r'^Bench\d+(?P<kind>[A-Z][a-z]+)(?P<index>\d+)$')


def record(project, directory):
    """Record the contracts, then change every 10th payload's and nested
    object's recorded one; returns the history files' paths."""
    evaluation = evolution.evaluate(project, directory)
    assert evaluation.ok and evaluation.first_run
    sampledir.write_files(evaluation.files, directory)
    paths = [pathlib.Path(directory) / generated.name
             for generated in evaluation.files]
    for path in paths:
        match = CLASS_NAME.match(path.stem)
        if int(match['index']) % 10 or match['kind'] not in ('Payload',
                                                             'Owner'):
            continue
        history = historyfile.read(directory, path.stem)
        version, fields = history.last
        fields = json.loads(json.dumps(fields))
        if match['kind'] == 'Payload':
            # The code has a field this version lacks: a minor bump.
            del fields['name']
        else:
            # The code made a nullable field not nullable: a major bump,
            # and one of the payload that embeds it.
            fields['quota']['nullable'] = True
        path.write_text(
            historyfile.history_text(path.stem, [(version, fields)]),
            'utf-8')
    return paths


def timed(function):
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def measure(n, repeat, directory):
    project = bench_generator.synthetic_project(n)
    paths = record(project, directory)
    runs, files = [], []
    for _ in range(repeat):
        seconds, evaluation = timed(lambda: evolution.evaluate(
            project, directory))
        runs.append(seconds)
        start = time.perf_counter()
        assert len(evaluation.files) == 3 * n
        files.append(time.perf_counter() - start)
    assert evaluation.classes == 3 * n
    # Every changed payload and every payload whose nested object changed.
    assert len(evaluation.problems) == n // 5, len(evaluation.problems)
    texts = [path.read_bytes() for path in paths]
    floor = min(timed(lambda: [json.loads(text) for text in texts])[0]
                for _ in range(repeat))
    return runs[0], min(runs), min(files), floor, len(
        evaluation.problems), sum(map(len, texts))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('sizes', nargs='*', type=int, default=[100, 1000],
                        help='numbers of payload classes')
    parser.add_argument('--repeat', type=int, default=3,
                        help='runs per size; the best is reported')
    args = parser.parse_args(argv)
    print('%6s %8s %10s %10s %8s %14s %8s %9s %8s' % (
        'N', 'classes', 'cold s', 'best s', 'files s', 'json.loads s',
        'ratio', 'messages', 'MB read'))
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as directory:
            assert not (pathlib.Path(directory) / contracts.SCHEMA_DIR
                        ).exists()
            cold, best, files, floor, messages, size = measure(
                n, args.repeat, directory)
        print('%6d %8d %10.3f %10.3f %8.3f %14.4f %8.1f %9d %8.1f' % (
            n, 3 * n, cold, best, files, floor, best / floor, messages,
            size / 1e6), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
