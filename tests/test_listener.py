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

"""The generic listener over oslo.messaging's in-process fake:// transport,
fed by the real notifier."""

import contextlib
import copy
import inspect
import json
import logging
import pathlib
import queue
import re
import time

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from oslo_config import cfg
import oslo_messaging
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields
import pytest

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import listener
from versioned_notifications import samplefile
from versioned_notifications.watcher import base
from versioned_notifications.watcher import cancel_listener
from versioned_notifications.watcher import emission
from versioned_notifications.watcher import sample_data
from versioned_notifications.watcher import send_action_cancel_notification
from versioned_notifications.watcher import send_cancel_notification
from versioned_notifications.watcher import State
from versioned_notifications.watcher.payloads import ActionPlanCancelPayload


@pytest.fixture
def start_bus():
    """Starts a fake:// transport with the real notifier and a listener of
    the cancel events calling ``callback`` (or, given ``endpoint``, a
    listener of it); returns the notifier."""
    started = []

    def start(callback=None, endpoint=None):
        conf = cfg.ConfigOpts()
        conf([])
        transport = oslo_messaging.get_notification_transport(
            conf, url='fake://')
        notifier = oslo_messaging.Notifier(
            transport, driver='messagingv2', topics=['notifications'],
            publisher_id='infra-optim:node0',
            serializer=oslo_messaging.JsonPayloadSerializer())
        if endpoint is None:
            server = cancel_listener.start_cancel_listener(transport,
                                                           callback)
        else:
            server = listener.get_listener(transport, ['notifications'],
                                           endpoint)
            server.start()
        started.append((transport, server))
        return notifier

    yield start
    for transport, server in started:
        server.stop()
        server.wait()
        transport.cleanup()


@pytest.fixture
def bus(start_bus):
    """The bus of ``start_bus``, its callback queueing what it gets;
    yields (notifier, received queue)."""
    received = queue.Queue()
    return start_bus(lambda *args: received.put(args)), received


def next_message(received):
    return received.get(timeout=10)


def test_payload_comes_back_as_its_object(bus):
    notifier, received = bus
    plan = sample_data.action_plan(State.CANCELLING)
    sent = ActionPlanCancelPayload(action_plan=plan, fault=None)
    notifier.info({}, 'action_plan.cancel.start', sent.obj_to_primitive())

    event_type, payload, metadata = next_message(received)
    assert event_type == 'action_plan.cancel.start'
    assert type(payload) is ActionPlanCancelPayload
    assert payload == sent
    assert payload.audit.uuid == sample_data.AUDIT_UUID
    assert metadata['priority'] == 'INFO'
    assert metadata['publisher_id'] == 'infra-optim:node0'
    assert set(metadata) == {'priority', 'publisher_id', 'message_id',
                             'timestamp'}


def primitive(version='1.0', name='ActionPlanCancelPayload',
              namespace='watcher'):
    prim = ActionPlanCancelPayload(
        action_plan=sample_data.action_plan(), fault=None).obj_to_primitive()
    prim.update({'watcher_object.version': version,
                 'watcher_object.name': name,
                 'watcher_object.namespace': namespace})
    return prim


def nested_lists(depth, leaf='x'):
    # Built iteratively: the point is a depth no recursion can build.
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


def nested_dicts(depth, leaf='x'):
    value = leaf
    for _ in range(depth):
        value = {'k': value}
    return value


def nested_objects(depth):
    """An ActionPlanCancelPayload as the ``fault`` of another, ``depth``
    times: objects nested in objects (the wrong class for ``fault``, but
    depth is looked at first)."""
    value = primitive()
    for _ in range(depth):
        outer = primitive()
        outer['watcher_object.data']['fault'] = value
        value = outer
    return value


def changed(path, value, prim=None):
    """``primitive()`` (or ``prim``) with the value at ``path`` (keys
    into the primitive) replaced, or removed if ``value`` is DELETE."""
    prim = prim if prim is not None else primitive()
    container = prim
    for key in path[:-1]:
        container = container[key]
    if value is DELETE:
        del container[path[-1]]
    else:
        container[path[-1]] = value
    return prim


DELETE = object()
DATA = 'watcher_object.data'
AUDIT = (DATA, 'audit')


def _skipped(caplog):
    return [r.getMessage() for r in caplog.records
            if r.name == listener.__name__]


@pytest.mark.parametrize('bad, reason', [
    (primitive(version='2.0'), 'newer major version'),
    # Malformed, through the transport too.
    (changed((DATA,), 'abc'), 'data is a str'),
    (changed((DATA,), {}), 'has no field set'),
    (changed(('watcher_object.name',), ['a']), 'not a class name'),
    (changed(('watcher_object.version',), 1.0), 'not a version'),
    (primitive(name='ActionPlanPurgePayload'), 'is unknown here'),
    (primitive(namespace='nova'), "namespace 'nova'"),
    ({'uuid': 'not a versioned object'}, 'not a watcher_object object'),
])
def test_unreadable_payloads_are_skipped_and_listening_goes_on(
        bus, caplog, bad, reason):
    notifier, received = bus
    with caplog.at_level(logging.WARNING, logger=listener.__name__):
        notifier.info({}, 'action_plan.cancel.start', bad)
        notifier.info({}, 'action_plan.cancel.end', primitive())
        event_type, payload, _ = next_message(received)
        # The executor's threads may finish the good one first (the bad
        # one's registry look-up imports modules the first time).
        deadline = time.monotonic() + 10
        while not _skipped(caplog) and time.monotonic() < deadline:
            time.sleep(0.01)
    # The good message after the bad one still arrives.
    assert event_type == 'action_plan.cancel.end'
    assert received.empty()
    [warning] = _skipped(caplog)
    assert 'Skipped notification action_plan.cancel.start' in warning
    assert reason in warning


def test_a_newer_minor_version_is_read_as_the_known_one(bus):
    notifier, received = bus
    newer = primitive(version='1.3')
    newer['watcher_object.data']['added_in_1_3'] = 'x'
    nested = newer['watcher_object.data']['audit']
    nested['watcher_object.version'] = '1.7'
    nested['watcher_object.data']['added_in_1_7'] = 1
    notifier.info({}, 'action_plan.cancel.end', newer)

    _, payload, _ = next_message(received)
    assert payload.VERSION == '1.0' and payload.audit.VERSION == '1.0'
    assert 'added_in_1_3' not in payload.obj_to_primitive()[
        'watcher_object.data']
    assert payload.uuid == sample_data.ACTION_PLAN_UUID


def test_only_the_patterns_event_types_reach_the_callback():
    endpoint = listener.NotificationEndpoint(
        base.WatcherObject, base.WatcherObjectRegistry, print,
        event_types=['action.cancel.*'])
    screen = endpoint.filter_rule
    for event_type in ('action.cancel.start', 'action.cancel.error'):
        assert screen.match({}, 'p', event_type, {}, {})
    for event_type in ('action_plan.cancel.start', 'action.cancelled',
                       'action.execution.start', 'xaction.cancel.start'):
        assert not screen.match({}, 'p', event_type, {}, {})


def test_other_event_types_never_reach_the_callback(bus):
    notifier, received = bus
    notifier.info({}, 'action_plan.execution.start', primitive())
    notifier.error({}, 'action.update', primitive())
    notifier.info({}, 'action_plan.cancel.end', primitive())
    assert next_message(received)[0] == 'action_plan.cancel.end'
    # The error queue is polled on its own; give it time to deliver.
    time.sleep(0.3)
    assert received.empty()


def test_real_send_functions_reach_the_listener(bus, notifier_conf):
    """Both cancel notifications, sent by the service's send functions
    through the fake transport, come back with their priority."""
    notifier, received = bus
    transport = notifier.transport
    notifier_conf.set_override('driver', ['messagingv2'],
                               group='oslo_messaging_notifications')
    emission.init(notifier_conf, transport)
    send_action_cancel_notification({}, sample_data.action(), 'start')
    try:
        raise RuntimeError('boom')
    except RuntimeError:
        send_cancel_notification({}, sample_data.action_plan(), 'error',
                                 priority='error')
    got = sorted([next_message(received), next_message(received)],
                 key=lambda m: m[2]['timestamp'])
    assert [(e, m['priority']) for e, _, m in got] == [
        ('action.cancel.start', 'INFO'), ('action_plan.cancel.error',
                                          'ERROR')]
    assert got[1][1].fault.exception_message == 'boom'


def test_a_requeued_notification_is_delivered_again(start_bus):
    received = queue.Queue()
    calls = []

    def requeue_the_first(event_type, payload, metadata):
        calls.append(event_type)
        received.put((event_type, payload, metadata))
        if len(calls) == 1:
            return oslo_messaging.NotificationResult.REQUEUE
        return oslo_messaging.NotificationResult.HANDLED

    notifier = start_bus(requeue_the_first)
    sent = ActionPlanCancelPayload(
        action_plan=sample_data.action_plan(State.CANCELLING), fault=None)
    notifier.info({}, 'action_plan.cancel.start', sent.obj_to_primitive())

    first, again = next_message(received), next_message(received)
    assert first[2]['message_id'] == again[2]['message_id']
    assert again[1] == sent
    # Handled the second time: acknowledged, not delivered a third time.
    time.sleep(0.3)
    assert received.empty()


def test_a_failing_callback_is_logged_and_its_message_not_requeued(
        start_bus, caplog):
    received = queue.Queue()

    def fail_on_start(event_type, payload, metadata):
        received.put(event_type)
        if event_type.endswith('.start'):
            raise RuntimeError('plugin bug')

    notifier = start_bus(fail_on_start)
    with caplog.at_level(logging.ERROR, logger=listener.__name__):
        notifier.info({}, 'action_plan.cancel.start', primitive())
        notifier.info({}, 'action_plan.cancel.end', primitive())
        assert [next_message(received), next_message(received)] == [
            'action_plan.cancel.start', 'action_plan.cancel.end']
        time.sleep(0.3)
    # Requeued, a message the callback always fails on would come back
    # for ever.
    assert received.empty()
    [error] = [r for r in caplog.records if r.name == listener.__name__]
    assert 'action_plan.cancel.start' in error.getMessage()
    assert 'plugin bug' in error.exc_text


def test_no_pattern_is_an_error():
    with pytest.raises(ValueError, match='action_plan.cancel'):
        listener.event_type_filter([])


REPO = pathlib.Path(__file__).parent.parent
MINIPROJECT = REPO / 'tests' / 'miniproject'


def committed_samples(directory):
    return sorted(p for p in directory.glob('*.json')
                  if p.name != 'asyncapi.json')


def needs_arguments(cls):
    """Whether ``cls()`` fails, as oslo's obj_from_primitive would call
    it."""
    parameters = list(inspect.signature(cls.__init__).parameters.values())
    return any(p.default is p.empty and p.kind not in (
        p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters[1:])


def read_back(endpoint, path):
    """Deliver a committed sample to ``endpoint`` as oslo.messaging would;
    returns (sample, the object the callback got)."""
    # Composed samples ($ref fragments) as a listener receives them.
    sample = samplefile.read(path).message
    got = []
    endpoint.callback = lambda event_type, payload, metadata: got.append(
        payload)
    handler = getattr(endpoint, sample['priority'].lower())
    handler({}, sample['publisher_id'], sample['event_type'],
            sample['payload'], {'message_id': sample['message_id']})
    assert len(got) == 1, '%s did not reach the callback' % path.name
    return sample, got[0]


@pytest.fixture
def minicompute(monkeypatch):
    monkeypatch.syspath_prepend(str(MINIPROJECT))
    from minicompute import notifications  # noqa: F401 (registers them)
    from minicompute import objects
    from minicompute.maintenance import notification  # noqa: F401
    from minicompute.maintenance import payload  # noqa: F401
    return listener.NotificationEndpoint(
        objects.MiniComputeObject, objects.MiniComputeObjectRegistry, None)


@pytest.mark.parametrize('path', committed_samples(MINIPROJECT / 'samples'),
                         ids=lambda p: p.name)
def test_another_projects_samples_come_back_without_constructors(
        minicompute, path):
    sample, payload = read_back(minicompute, path)
    name = sample['payload']['minicompute_object.name']
    assert type(payload) is minicompute.registry.obj_classes()[name][0]
    assert payload.obj_to_primitive() == sample['payload']
    assert payload.obj_what_changed() == set()


def test_minicompute_payloads_do_need_constructor_arguments(minicompute):
    # What makes the test above mean something: cls() fails for these.
    names = {samplefile.read(p).message['payload'][
        'minicompute_object.name']
        for p in committed_samples(MINIPROJECT / 'samples')}
    classes = minicompute.registry.obj_classes()
    assert {n for n in names if needs_arguments(classes[n][0])} == names


@pytest.mark.parametrize('path', committed_samples(REPO / 'samples'),
                         ids=lambda p: p.name)
def test_this_projects_samples_come_back_as_their_objects(path):
    endpoint = listener.NotificationEndpoint(
        base.WatcherObject, base.WatcherObjectRegistry, None)
    sample, payload = read_back(endpoint, path)
    assert type(payload).obj_name() == sample['payload'][
        'watcher_object.name']
    assert payload.obj_to_primitive() == sample['payload']


def test_an_older_minor_version_reads_with_its_fields_unset(minicompute):
    sample = json.loads(
        (MINIPROJECT / 'samples' / 'flavor-create.json').read_text())
    older = sample['payload']
    older['minicompute_object.version'] = '1.0'
    del older['minicompute_object.data']['extra_specs']

    payload = minicompute.to_object(older)
    assert type(payload).VERSION == '1.1' and payload.VERSION == '1.0'
    assert not payload.obj_attr_is_set('extra_specs')
    assert payload.flavorid == 'flavorid' and payload.memory_mb == 1


def test_a_bad_nested_value_is_skipped_naming_its_class_and_field(
        minicompute):
    sample = samplefile.read(
        MINIPROJECT / 'samples' / 'server-create-start.json').message
    payload = sample['payload']
    payload['minicompute_object.data']['flavor'][
        'minicompute_object.data']['vcpus'] = 'many'
    with pytest.raises(listener.SkipNotification,
                       match=r"^FlavorPayload.vcpus \(version 1.1\) cannot "
                             r"be read: ValueError: .*'many'"):
        minicompute.to_object(payload)


class ListenerTestRegistry(ovo_base.VersionedObjectRegistry):
    pass


class ListenerTestObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'listenertest_object'
    OBJ_PROJECT_NAMESPACE = 'listenertest'


@ListenerTestRegistry.register
class ListenerTestPart(ListenerTestObject):
    VERSION = '1.0'
    fields = {'size': ovo_fields.IntegerField()}

    def __init__(self, size):
        super().__init__(size=size)


@ListenerTestRegistry.register
class ListenerTestPayload(ListenerTestObject):
    VERSION = '1.0'
    # No oslo field class holds a dict of objects; projects build one.
    fields = {'parts': ovo_fields.Field(ovo_fields.Dict(
        ovo_fields.Object('ListenerTestPart')))}

    def __init__(self, parts):
        super().__init__(parts=parts)


def test_objects_in_a_dict_are_built_without_constructors_too():
    sent = ListenerTestPayload({'a': ListenerTestPart(1),
                                'b': ListenerTestPart(2)})
    endpoint = listener.NotificationEndpoint(
        ListenerTestObject, ListenerTestRegistry, None)
    payload = endpoint.to_object(sent.obj_to_primitive())
    assert {k: (type(v), v.size) for k, v in payload.parts.items()} == {
        'a': (ListenerTestPart, 1), 'b': (ListenerTestPart, 2)}


def test_a_nested_object_of_another_namespace_is_skipped():
    prim = ListenerTestPayload({'a': ListenerTestPart(1)}).obj_to_primitive()
    prim['listenertest_object.data']['parts']['a'][
        'listenertest_object.namespace'] = 'other'
    endpoint = listener.NotificationEndpoint(
        ListenerTestObject, ListenerTestRegistry, None)
    with pytest.raises(listener.SkipNotification,
                       match=r"ListenerTestPayload.parts\['a'\] "
                             r"ListenerTestPart is of namespace 'other'"):
        endpoint.to_object(prim)


# Malformed payloads: skipped with one warning, never raising, never
# reaching the callback.

MALFORMED = {
    'data a string': ((DATA,), 'abc', "data is a str ('abc'), not an "
                                      "object of fields"),
    'data a list': ((DATA,), [1, 2], 'data is a list ([1, 2]), not an '
                                     'object of fields'),
    'data null': ((DATA,), None, 'data is null, not an object of fields'),
    'data missing': ((DATA,), DELETE, 'ActionPlanCancelPayload 1.0 has no '
                                      'field set'),
    'data empty': ((DATA,), {}, 'ActionPlanCancelPayload 1.0 has no field '
                                'set'),
    'name a list': (('watcher_object.name',), ['a'],
                    "name is a list (['a']), not a class name"),
    'name a dict': (('watcher_object.name',), {'a': 1},
                    "name is a dict ({'a': 1}), not a class name"),
    'version a float': (('watcher_object.version',), 1.0,
                        'version is a float (1.0), not a version'),
    'version not a number': (('watcher_object.version',), '1.x',
                             "version is a str ('1.x'), not a version"),
    'changes an integer': (('watcher_object.changes',), 3,
                           'changes is an int (3), not a list of field'),
    'changes of dicts': (('watcher_object.changes',), [{}],
                         'changes is a list ([{}]), not a list of field'),
    'nested data a string': (AUDIT + (DATA,), 'x',
                             'ActionPlanCancelPayload.audit '
                             "TerseAuditPayload: watcher_object.data is a "
                             "str ('x')"),
    'nested name a list': (AUDIT + ('watcher_object.name',), [],
                           'ActionPlanCancelPayload.audit: '
                           'watcher_object.name is a list'),
}
TOO_DEEP = {
    'lists 3,000 deep': changed((DATA, 'uuid'), nested_lists(3000)),
    'lists 100,000 deep': changed((DATA, 'uuid'), nested_lists(100000)),
    'dicts 3,000 deep': changed((DATA, 'uuid'), nested_dicts(3000)),
    'dicts 100,000 deep': changed((DATA, 'uuid'), nested_dicts(100000)),
    'objects 3,000 deep': nested_objects(3000),
    'the payload itself 100,000 deep': nested_lists(100000, primitive()),
}


class Recorder(logging.Handler):
    """The listener's log records, caught without pytest's caplog (which
    hypothesis' examples cannot share)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def recorder():
    log = logging.getLogger(listener.__name__)
    handler = Recorder()
    log.addHandler(handler)
    yield handler
    log.removeHandler(handler)


def watcher_endpoint(got):
    return listener.NotificationEndpoint(
        base.WatcherObject, base.WatcherObjectRegistry,
        lambda event_type, payload, metadata: got.append(payload),
        event_types=['*'])


def assert_skipped_then_listening_goes_on(recorder, bad, reason):
    got = []
    endpoint = watcher_endpoint(got)
    result = endpoint.info({}, 'infra-optim:node0', 'action_plan.cancel.start',
                           bad, {'message_id': 'm1'})
    assert result == oslo_messaging.NotificationResult.HANDLED
    assert got == []
    [record] = recorder.records
    assert record.levelno == logging.WARNING
    line = record.getMessage()
    assert line.startswith('Skipped notification action_plan.cancel.start '
                           '(message m1) from infra-optim:node0: ')
    assert reason in line and '\n' not in line
    # The next good message is delivered.
    endpoint.info({}, 'p', 'action_plan.cancel.end', primitive(), {})
    assert [type(p) for p in got] == [ActionPlanCancelPayload]


@pytest.mark.parametrize('path, value, reason', MALFORMED.values(),
                         ids=MALFORMED.keys())
def test_a_malformed_payload_is_skipped_with_one_warning(
        recorder, path, value, reason):
    assert_skipped_then_listening_goes_on(recorder, changed(path, value),
                                          reason)


@pytest.mark.parametrize('bad', TOO_DEEP.values(), ids=TOO_DEEP.keys())
def test_a_payload_nested_too_deeply_is_skipped(recorder, bad):
    assert_skipped_then_listening_goes_on(
        recorder, bad, 'payload nests lists and objects more than %d deep'
        % listener.MAX_DEPTH)


def test_nesting_up_to_the_limit_is_read():
    # The limit refuses the absurd, not a deep but real payload.
    got = []
    prim = changed((DATA, 'global_efficacy'), nested_dicts(
        listener.MAX_DEPTH - 2, leaf=1))
    watcher_endpoint(got).info({}, 'p', 'action_plan.cancel.end', prim, {})
    [payload] = got
    assert payload.obj_to_primitive() == prim


def test_a_nested_object_without_fields_is_read(minicompute):
    # Nova sends the image properties of an image without properties as
    # an object with no field set; only the payload itself must say
    # something.
    sample = samplefile.read(
        MINIPROJECT / 'samples' / 'server-create-start.json').message
    payload = sample['payload']
    flavor = payload['minicompute_object.data']['flavor']
    flavor['minicompute_object.data'] = {}
    obj = minicompute.to_object(payload)
    assert obj.flavor.obj_get_changes() == {}
    assert not any(obj.flavor.obj_attr_is_set(f) for f in obj.flavor.fields)


# Property: whatever the payload, the endpoint raises nothing, and either
# the callback gets one real object or one warning says why not.

@contextlib.contextmanager
def recording():
    log = logging.getLogger(listener.__name__)
    handler = Recorder()
    log.addHandler(handler)
    try:
        yield handler.records
    finally:
        log.removeHandler(handler)


def registered_classes():
    return {cls for versions in ovo_base.VersionedObjectRegistry.obj_classes(
        ).values() for cls in versions}


def check_delivery(endpoint, priority, payload):
    got = []
    endpoint.callback = lambda event_type, obj, metadata: got.append(
        (event_type, obj, metadata))
    with recording() as records:
        result = getattr(endpoint, priority)(
            {}, 'pub:host', 'random.event', payload, {'message_id': 'm'})
    if got:
        [(event_type, obj, metadata)] = got
        assert records == []
        assert event_type == 'random.event'
        assert isinstance(obj, endpoint.object_base)
        assert type(obj) in registered_classes()
        assert obj.obj_name() == payload[endpoint._key('name')]
        assert any(obj.obj_attr_is_set(name) for name in obj.fields)
        assert metadata['priority'] == priority.upper()
    else:
        assert result == oslo_messaging.NotificationResult.HANDLED
        [record] = records
        assert record.levelno == logging.WARNING
        assert record.getMessage().startswith(
            'Skipped notification random.event (message m) from pub:host: ')


PRIORITIES = st.sampled_from(
    [p.lower() for p in vn_catalog.WIRE_PRIORITIES])


def json_values(prefix, namespace, names, field_names):
    """Random JSON that often looks like an object primitive of
    ``prefix`` (``watcher_object``): its keys, class names, versions, the
    project's namespace, field names."""
    key = '%s.%%s' % prefix
    names = st.sampled_from(sorted(names))
    versions = st.sampled_from(['1.0', '1.1', '1.9', '2.0', '0.1', '1',
                                '1.0.0', 'x.y', ''])
    field_keys = st.sampled_from(sorted(field_names)) | st.text(max_size=4)
    keys = st.sampled_from([key % k for k in (
        'name', 'namespace', 'version', 'data', 'changes')]) | field_keys
    scalars = (st.none() | st.booleans() | st.integers() | st.floats()
               | st.text(max_size=6) | names | versions)

    def extend(children):
        return (
            st.lists(children, max_size=4)
            | st.dictionaries(keys, children, max_size=6)
            # Close to a primitive, so the checks past the first are
            # reached: each key present or not, of the right kind or not.
            | st.fixed_dictionaries({}, optional={
                key % 'name': names | children,
                key % 'namespace': st.just(namespace) | children,
                key % 'version': versions | children,
                key % 'data': st.dictionaries(field_keys, children,
                                              max_size=6) | children,
                key % 'changes': st.lists(field_keys, max_size=3)
                | children}))
    return st.recursive(scalars, extend, max_leaves=25)


def paths(value, prefix=()):
    """The path (keys and indexes) to every value in ``value``."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(paths(item, prefix + (key,)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(paths(item, prefix + (index,)))
    return found


def mutate(data, payload, values, times):
    """``payload`` with ``times`` sub-values replaced by ``values`` or
    removed."""
    payload = copy.deepcopy(payload)
    for _ in range(times):
        path = data.draw(st.sampled_from(paths(payload)), label='path')
        new = data.draw(values, label='new value')
        if not path:
            payload = new
            continue
        container = payload
        for key in path[:-1]:
            container = container[key]
        if isinstance(container, dict) and data.draw(st.booleans(),
                                                     label='remove'):
            del container[path[-1]]
        else:
            container[path[-1]] = new
    return payload


def sample_payloads(directory):
    return [samplefile.read(path).message['payload']
            for path in committed_samples(directory)]


class Project:
    """An endpoint of a project, its samples and random JSON like its
    payloads."""

    def __init__(self, endpoint, samples):
        self.endpoint = endpoint
        self.samples = samples
        prefix = endpoint._key('')[:-1]
        names, field_names = set(), set()
        for path in paths(samples):
            if path and path[-1] == prefix + '.name':
                value = samples
                for key in path:
                    value = value[key]
                names.add(value)
            elif path and isinstance(path[-1], str):
                field_names.add(path[-1])
        self.values = json_values(
            prefix, endpoint.object_base.OBJ_PROJECT_NAMESPACE, names,
            field_names)


@pytest.fixture(scope='module')
def projects():
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(MINIPROJECT))
        from minicompute import notifications  # noqa: F401
        from minicompute import objects
        from minicompute.maintenance import notification  # noqa: F401
        from minicompute.maintenance import payload  # noqa: F401
        yield {
            'watcher': Project(
                listener.NotificationEndpoint(
                    base.WatcherObject, base.WatcherObjectRegistry, None),
                sample_payloads(REPO / 'samples')),
            'minicompute': Project(
                listener.NotificationEndpoint(
                    objects.MiniComputeObject,
                    objects.MiniComputeObjectRegistry, None),
                sample_payloads(MINIPROJECT / 'samples')),
        }


# oslo's UUIDField takes any value with a FutureWarning; a random one
# is still an object, and the warnings would bury the report.
@pytest.mark.filterwarnings('ignore::FutureWarning')
@pytest.mark.parametrize('name', ['watcher', 'minicompute'])
@settings(max_examples=300, deadline=None)
@given(data=st.data(), priority=PRIORITIES)
def test_random_json_never_escapes_the_endpoint(projects, name, data,
                                                priority):
    project = projects[name]
    check_delivery(project.endpoint, priority,
                   data.draw(project.values, label='payload'))


# oslo's UUIDField takes any value with a FutureWarning; a random one
# is still an object, and the warnings would bury the report.
@pytest.mark.filterwarnings('ignore::FutureWarning')
@pytest.mark.parametrize('name', ['watcher', 'minicompute'])
@settings(max_examples=300, deadline=None)
@given(data=st.data(), priority=PRIORITIES,
       times=st.integers(min_value=1, max_value=3))
def test_mutated_samples_never_escape_the_endpoint(projects, name, data,
                                                   priority, times):
    project = projects[name]
    sample = data.draw(st.sampled_from(project.samples), label='sample')
    check_delivery(project.endpoint, priority,
                   mutate(data, sample, project.values, times))


@pytest.mark.parametrize('name', ['watcher', 'minicompute'])
def test_the_unmutated_samples_reach_the_callback(projects, name):
    # What makes the two tests above mean something: unchanged, every
    # sample is delivered, so a mutation is what makes one skipped.
    project = projects[name]
    got = []
    project.endpoint.callback = lambda *args: got.append(args)
    for sample in project.samples:
        project.endpoint.info({}, 'p', 'e', sample, {})
    assert len(got) == len(project.samples)


def test_a_long_class_name_is_looked_up_whole():
    # Log lines shorten what a payload holds; the look-up must not.
    long_class = ListenerTestRegistry.register(type(
        'ListenerTestPayloadWith' + 'AVeryLongName' * 6,
        (ListenerTestObject,),
        {'VERSION': '1.0', 'fields': {'size': ovo_fields.IntegerField()}}))
    assert len(long_class.obj_name()) > 80
    sent = long_class(size=3)
    endpoint = listener.NotificationEndpoint(
        ListenerTestObject, ListenerTestRegistry, None)
    assert endpoint.to_object(sent.obj_to_primitive()).size == 3


# Minimum versions: a consumer states the oldest version of a class it
# reads. minicompute's FlavorPayload is at 1.1 (1.0 lacked extra_specs),
# so a minimum of 1.1 has older messages to skip.

FLAVOR_MINIMUM = {'FlavorPayload': '1.1'}


def flavor(version, **added):
    """flavor-create's payload sent as ``version``, named after it, with
    ``added`` fields (a newer version's)."""
    payload = samplefile.read(
        MINIPROJECT / 'samples' / 'flavor-create.json').message['payload']
    payload['minicompute_object.version'] = version
    data = payload['minicompute_object.data']
    if version == '1.0':
        del data['extra_specs']
    data.update(added, name='sent as %s' % version)
    return payload


def server(flavor_version='1.1', ip_version='1.0'):
    """server-create-start's payload, its flavor and first IP address
    sent as the versions given."""
    payload = samplefile.read(
        MINIPROJECT / 'samples' / 'server-create-start.json').message[
        'payload']
    data = payload['minicompute_object.data']
    data['flavor']['minicompute_object.version'] = flavor_version
    if flavor_version == '1.0':
        del data['flavor']['minicompute_object.data']['extra_specs']
    data['ip_addresses'][0]['minicompute_object.version'] = ip_version
    return payload


def minicompute_endpoint(minicompute, callback=None, **options):
    return listener.NotificationEndpoint(
        minicompute.object_base, minicompute.registry, callback, **options)


def warnings_of(caplog, count):
    """The listener's first ``count`` warnings, waited for; the
    listener's threads log them."""
    deadline = time.monotonic() + 10
    while True:
        lines = [r.getMessage() for r in caplog.records
                 if r.name == listener.__name__
                 and r.levelno == logging.WARNING]
        if len(lines) >= count or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def without_message_id(lines):
    # oslo.messaging gives each message a random id.
    return [re.sub(r'\(message [^)]*\)', '(message ID)', line)
            for line in lines]


def test_a_payload_older_than_its_minimum_is_skipped_with_one_warning(
        start_bus, minicompute, caplog):
    received = queue.Queue()
    notifier = start_bus(endpoint=minicompute_endpoint(
        minicompute, lambda *args: received.put(args),
        minimum_versions=FLAVOR_MINIMUM))
    with caplog.at_level(logging.WARNING, logger=listener.__name__):
        notifier.info({}, 'flavor.create', flavor('1.0'))
        # Equal to the minimum, and of a newer minor version: read.
        notifier.info({}, 'flavor.create', flavor('1.1'))
        notifier.info({}, 'flavor.create', flavor('1.4', added_in_1_4='x'))
        # Of a newer major version: skipped, as without a minimum.
        notifier.info({}, 'flavor.create', flavor('2.0'))
        got = [next_message(received), next_message(received)]
        warnings_of(caplog, 2)
        # Acknowledged: nothing comes back, no warning is repeated.
        time.sleep(0.3)
    assert received.empty()
    assert sorted((p.name, p.VERSION, p.extra_specs) for _, p, _ in got) == [
        ('sent as 1.1', '1.1', {'key': 'extra_specs'}),
        ('sent as 1.4', '1.1', {'key': 'extra_specs'})]
    assert sorted(without_message_id(warnings_of(caplog, 2))) == [
        'Skipped notification flavor.create (message ID) from '
        'infra-optim:node0: payload FlavorPayload 1.0 is older than the '
        'minimum version read here (1.1)',
        'Skipped notification flavor.create (message ID) from '
        'infra-optim:node0: payload FlavorPayload 2.0 is of a newer major '
        'version than the newest known (1.1); upgrade to read it',
    ]


def deliver(endpoint, payload, event_type='server.create.start'):
    """Hand ``payload`` to ``endpoint`` as oslo.messaging would; returns
    (the objects the callback got, the listener's log lines)."""
    got = []
    endpoint.callback = lambda event_type, obj, metadata: got.append(obj)
    with recording() as records:
        result = endpoint.info({}, 'compute:host', event_type, payload,
                               {'message_id': 'm1'})
    assert result is None if got else (
        result == oslo_messaging.NotificationResult.HANDLED)
    return got, [(r.levelno, r.getMessage()) for r in records]


@pytest.mark.parametrize('minimum, flavor_version, read', [
    ('1.1', '1.0', False),
    ('1.1', '1.1', True),
    ('1.0', '1.0', True),
])
def test_the_minimum_of_a_nested_class_holds_where_it_is_nested(
        minicompute, minimum, flavor_version, read):
    endpoint = minicompute_endpoint(
        minicompute, minimum_versions={'FlavorPayload': minimum})
    got, lines = deliver(endpoint, server(flavor_version=flavor_version))
    if read:
        [payload] = got
        assert lines == []
        assert payload.flavor.VERSION == flavor_version
    else:
        # The whole notification: the callback only gets whole objects.
        assert got == []
        assert lines == [(logging.WARNING, (
            'Skipped notification server.create.start (message m1) from '
            'compute:host: ServerPayload.flavor FlavorPayload 1.0 is older '
            'than the minimum version read here (1.1)'))]


def test_the_minimum_holds_in_a_list_and_is_looked_at_first(minicompute):
    # 0.9 is older than IpPayload's only version too; the minimum is what
    # the line says, naming the list item.
    endpoint = minicompute_endpoint(
        minicompute, minimum_versions={'IpPayload': '1.0'})
    got, lines = deliver(endpoint, server(ip_version='0.9'))
    assert got == []
    assert lines == [(logging.WARNING, (
        'Skipped notification server.create.start (message m1) from '
        'compute:host: ServerPayload.ip_addresses[0] IpPayload 0.9 is older '
        'than the minimum version read here (1.0)'))]


def test_the_minimum_of_one_class_leaves_the_others_alone(minicompute):
    endpoint = minicompute_endpoint(minicompute,
                                    minimum_versions=FLAVOR_MINIMUM)
    got, lines = deliver(endpoint, flavor('1.0'), 'flavor.create')
    assert got == [] and len(lines) == 1
    # The same payload, read by an endpoint without a minimum.
    got, lines = deliver(minicompute_endpoint(minicompute), flavor('1.0'),
                         'flavor.create')
    assert [p.VERSION for p in got] == ['1.0'] and lines == []
    # Another class's older minor version is read.
    older_aggregate = samplefile.read(
        MINIPROJECT / 'samples' / 'aggregate-add_host-start.json').message[
        'payload']
    older_aggregate['minicompute_object.version'] = '1.0'
    got, lines = deliver(endpoint, older_aggregate, 'aggregate.add_host')
    assert [p.VERSION for p in got] == ['1.0'] and lines == []


def test_the_minimums_are_given_back_as_stated(minicompute):
    endpoint = minicompute_endpoint(minicompute, minimum_versions={
        'IpPayload': '1.0', 'FlavorPayload': '1.1'})
    assert endpoint.minimum_versions == {'FlavorPayload': '1.1',
                                         'IpPayload': '1.0'}
    assert minicompute_endpoint(minicompute).minimum_versions == {}


BAD_MINIMUMS = {
    'unknown class': (
        {'FlavourPayload': '1.1'},
        'minimum_versions: FlavourPayload is not a class the registry '
        'knows (did you mean FlavorPayload?); name a registered minicompute '
        'class, importing the module that registers it before making the '
        'endpoint'),
    'unknown class, nothing close': (
        {'Nothing': '1.0'},
        'minimum_versions: Nothing is not a class the registry knows; '),
    'class of another namespace': (
        {'ActionPlanCancelPayload': '1.0'},
        "minimum_versions: ActionPlanCancelPayload is a class of the "
        "namespace 'watcher', not 'minicompute': this endpoint never "
        "receives it"),
    'a float': (
        {'FlavorPayload': 1.1},
        "minimum_versions['FlavorPayload'] is a float (1.1), not a version; "
        "write it as a string 'X.Y', such as '1.1'"),
    'None': (
        {'FlavorPayload': None},
        "minimum_versions['FlavorPayload'] is null, not a version"),
    'a tuple': (
        {'FlavorPayload': (1, 1)},
        "minimum_versions['FlavorPayload'] is a tuple ((1, 1)), not a "
        "version"),
    'major only': (
        {'FlavorPayload': '1'},
        "minimum_versions['FlavorPayload']: '1' is not a \"MAJOR.MINOR\" "
        "version such as 1.10; FlavorPayload is at 1.1 here"),
    'three parts': (
        {'FlavorPayload': '1.1.0'},
        "minimum_versions['FlavorPayload']: '1.1.0' is not a \"MAJOR.MINOR\" "
        "version"),
    'not a number': (
        {'FlavorPayload': 'latest'},
        "minimum_versions['FlavorPayload']: 'latest' is not a \"MAJOR.MINOR\" "
        "version"),
    'spaces': (
        {'FlavorPayload': ' 1.1'},
        "minimum_versions['FlavorPayload']: ' 1.1' is not a \"MAJOR.MINOR\" "
        "version"),
    'newer than known': (
        {'FlavorPayload': '1.2'},
        "minimum_versions['FlavorPayload'] is 1.2, newer than the newest "
        "version of FlavorPayload known here (1.1): messages of 1.2 would "
        "be read as 1.1, without what it added; upgrade the package that "
        "defines FlavorPayload, or state 1.1 or older"),
    'a newer major': (
        {'FlavorPayload': '2.0'},
        "minimum_versions['FlavorPayload'] is 2.0, newer than the newest"),
    'a key not a string': (
        {('FlavorPayload',): '1.1'},
        "minimum_versions: a key is a tuple (('FlavorPayload',)), not a "
        "class name; key it by class name, such as {'SomePayload': '1.1'}"),
    'not a mapping': (
        [('FlavorPayload', '1.1')],
        "minimum_versions is a list ([('FlavorPayload', '1.1')]), not a "
        "mapping of class names to versions such as {'SomePayload': "
        "'1.1'}"),
    'a string': (
        'FlavorPayload=1.1',
        "minimum_versions is a str ('FlavorPayload=1.1'), not a mapping"),
}


@pytest.mark.parametrize('minimums, message', BAD_MINIMUMS.values(),
                         ids=BAD_MINIMUMS.keys())
def test_a_bad_minimum_is_refused_when_the_endpoint_is_made(
        minicompute, minimums, message):
    with pytest.raises(ValueError) as raised:
        minicompute_endpoint(minicompute, minimum_versions=minimums)
    assert str(raised.value).startswith(message)


def test_one_bad_minimum_among_good_ones_is_refused(minicompute):
    with pytest.raises(ValueError, match=r"^minimum_versions\['IpPayload'\]: "
                                         r"'1,0' is not a "):
        minicompute_endpoint(minicompute, minimum_versions={
            'FlavorPayload': '1.1', 'IpPayload': '1,0'})


# Minimum versions over open-ended input.

# Major.minor, without leading zeros: a version as oslo classes declare it.
VERSION_TEXT = re.compile(r'(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)')


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=8) | st.from_regex(
    r'\A[0-9 .,a-z\u0660-\u0669]{1,8}\Z') | st.from_regex(
    r'\A[0-9]{1,2}\.[0-9]{1,2}\Z'))
def test_any_minimum_but_major_dot_minor_is_refused(projects, text):
    minicompute = projects['minicompute'].endpoint
    if VERSION_TEXT.fullmatch(text):
        minimum = tuple(int(part) for part in text.split('.'))
        if minimum <= (1, 1):
            endpoint = minicompute_endpoint(
                minicompute, minimum_versions={'FlavorPayload': text})
            assert endpoint.minimum_versions == {
                'FlavorPayload': '%d.%d' % minimum}
            return
    with pytest.raises(ValueError, match=r"^minimum_versions\["
                                         r"'FlavorPayload'\](:| is) "):
        minicompute_endpoint(minicompute,
                             minimum_versions={'FlavorPayload': text})


VERSION_PARTS = st.integers(min_value=0, max_value=12)


@settings(max_examples=300, deadline=None)
@given(minimum=st.sampled_from(['0.0', '0.7', '1.0', '1.1']),
       major=st.integers(min_value=0, max_value=3), minor=VERSION_PARTS)
def test_a_version_is_read_if_not_below_the_minimum_nor_another_major(
        projects, minimum, major, minor):
    """FlavorPayload is at 1.1: a 1.x message at least the minimum is
    read; an older one is skipped saying so; 0.x and 2.x+ are skipped for
    their major version, whatever the minimum."""
    minicompute = projects['minicompute'].endpoint
    endpoint = minicompute_endpoint(
        minicompute, minimum_versions={'FlavorPayload': minimum})
    sent = '%d.%d' % (major, minor)
    got, lines = deliver(endpoint, flavor(sent), 'flavor.create')
    older = (major, minor) < tuple(int(x) for x in minimum.split('.'))
    if major == 1 and not older:
        [payload] = got
        assert lines == []
        assert payload.VERSION == ('1.0' if minor == 0 else '1.1')
        assert payload.name == 'sent as %s' % sent
        return
    assert got == []
    [(level, line)] = lines
    assert level == logging.WARNING
    assert line.startswith('Skipped notification flavor.create (message m1) '
                           'from compute:host: payload FlavorPayload ')
    # An older major version's line is oslo's, which says it too.
    assert '%s ' % sent in line
    assert ('is older than the minimum version read here (%s)' % minimum
            in line) == older


def test_a_dict_field_is_read_as_a_dict_whatever_its_keys():
    # The field's type says what its value is: a FlexibleDict holding what
    # looks like an object primitive is that dict, not an object to check.
    looks_like = {'watcher_object.name': 'NoSuchPayload',
                  'watcher_object.namespace': 'other',
                  'watcher_object.version': '9.0',
                  'watcher_object.data': {}}
    prim = changed((DATA, 'global_efficacy'), looks_like)
    got = []
    payload = watcher_endpoint(got).to_object(prim)
    assert payload.global_efficacy == looks_like
