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

"""What the JSON Schemas and the AsyncAPI document add to generating.

For the synthetic projects of ``bench_generator.py`` (N notification
classes, each payload 12 fields with one nested object) it times
``generator.contract_files()`` (every schema file and the AsyncAPI
document, serialized) against ``generator.generate()`` of the same
project, in the same process, and prints the ratio::

    python benchmarks/bench_contracts.py [N ...]
"""

import argparse
import functools
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).parent))

import bench_generator  # noqa: E402

from versioned_notifications import generator  # noqa: E402


def measure(n, repeat, directory):
    project = bench_generator.synthetic_project(n)
    samples_runs, contract_runs = [], []
    for _ in range(repeat):
        seconds, result = bench_generator.timed(
            lambda: generator.generate(project, directory))
        assert not result.errors, result.errors
        samples_runs.append(seconds)
        seconds, files = bench_generator.timed(functools.partial(
            generator.contract_files, project, result.samples))
        # A message schema and a payload schema per notification, a schema
        # per nested object, and the AsyncAPI document.
        assert len(files) == 3 * n + 1, len(files)
        contract_runs.append(seconds)
    return min(samples_runs), min(contract_runs), len(files)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('sizes', nargs='*', type=int,
                        default=[10, 100, 1000],
                        help='numbers of notification classes')
    parser.add_argument('--repeat', type=int, default=3,
                        help='runs per size; the best is reported')
    args = parser.parse_args(argv)
    print('%6s %7s %12s %12s %14s %8s' % (
        'N', 'files', 'samples s', 'contracts s', 'contracts s/N',
        'ratio'))
    with tempfile.TemporaryDirectory() as directory:
        for n in args.sizes:
            samples, contracts, files = measure(n, args.repeat, directory)
            print('%6d %7d %12.4f %12.4f %14.6f %8.2f' % (
                n, files, samples, contracts, contracts / n,
                contracts / samples))
    return 0


if __name__ == '__main__':
    sys.exit(main())
