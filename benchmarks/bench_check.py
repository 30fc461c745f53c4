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

"""What ``check`` costs against ``generate`` when every file is stale.

For N synthetic notification classes (``bench_generator.py``'s project) it
times ``versioned-notifications generate`` into an empty directory, then
makes every file it wrote stale (every 10th line gains a trailing space:
changes scattered over each file, the big ``asyncapi.json`` included) and
times ``versioned-notifications check`` of that directory. Both run
in-process through ``cli.main()``, their output to an in-memory buffer.
Prints both times, their ratio and the size of check's report::

    python benchmarks/bench_check.py [N ...]
"""

import argparse
import contextlib
import io
import pathlib
import sys
import tempfile
import time

import bench_generator

from versioned_notifications import cli


def make_stale(directory):
    """Change every 10th line of every generated file; returns how many
    files were changed."""
    count = 0
    for path in sorted(pathlib.Path(directory).rglob('*.json')):
        lines = path.read_text('utf-8').splitlines(keepends=True)
        for index in range(0, len(lines), 10):
            lines[index] = lines[index].rstrip('\n') + ' \n'
        path.write_text(''.join(lines), 'utf-8')
        count += 1
    return count


def run_cli(argv):
    """Seconds ``cli.main(argv)`` took, its status and its output."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(out):
        start = time.perf_counter()
        status = cli.main(argv)
        seconds = time.perf_counter() - start
    return seconds, status, out.getvalue()


def measure(n, directory):
    project = bench_generator.synthetic_project(n)
    module = sys.modules[bench_generator.MODULE + str(n)]
    module.PROJECT = project
    spec = '%s:PROJECT' % module.__name__
    target = str(pathlib.Path(directory) / str(n))
    generate, status, _ = run_cli(['--project', spec, 'generate',
                                   '--output', target])
    assert status == 0, status
    files = make_stale(target)
    check, status, report = run_cli(['--project', spec, 'check',
                                     '--output', target])
    assert status == 1, status
    return files, generate, check, len(report)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('sizes', nargs='*', type=int,
                        default=[100, 1000, 2000],
                        help='numbers of notification classes')
    args = parser.parse_args(argv)
    print('%6s %7s %12s %12s %7s %12s' % (
        'N', 'files', 'generate s', 'check s', 'ratio', 'report kB'))
    with tempfile.TemporaryDirectory() as directory:
        for n in args.sizes:
            files, generate, check, size = measure(n, directory)
            print('%6d %7d %12.2f %12.2f %7.2f %12.0f' % (
                n, files, generate, check, check / generate, size / 1024),
                flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
