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

"""The object model: round trips, bad input, faults."""

import logging
import socket

import pytest

from versioned_notifications import watcher
from versioned_notifications.watcher import emission
from versioned_notifications.watcher import payloads
from versioned_notifications.watcher import sample_data
from versioned_notifications.watcher import State


def failing():
    raise watcher.ActionAbortError(uuid=sample_data.ACTION_UUID,
                                   reason='device busy')


def a_fault():
    try:
        failing()
    except watcher.WatcherException:
        return watcher.ExceptionPayload.from_exception()


PAYLOADS = {
    'ExceptionPayload': a_fault,
    'TerseAuditPayload': lambda: watcher.TerseAuditPayload(
        audit=sample_data.audit()),
    'StrategyPayload': lambda: watcher.StrategyPayload(
        strategy=sample_data.strategy()),
    'TerseActionPlanPayload': lambda: watcher.TerseActionPlanPayload(
        action_plan=sample_data.action_plan()),
    'ActionPlanCancelPayload': lambda: watcher.ActionPlanCancelPayload(
        action_plan=sample_data.action_plan(), fault=a_fault()),
    'ActionCancelPayload': lambda: watcher.ActionCancelPayload(
        action=sample_data.action(State.FAILED), fault=a_fault()),
}


def test_every_class_named_by_the_spec_is_importable():
    for name in watcher.__all__:
        assert getattr(watcher, name) is not None, name


def test_every_registered_payload_is_round_tripped():
    registered = {name for name, classes in
                  watcher.WatcherObjectRegistry.obj_classes().items()
                  if issubclass(classes[0], watcher.NotificationPayloadBase)}
    assert registered == set(PAYLOADS)


@pytest.mark.parametrize('name', sorted(PAYLOADS))
def test_round_trip(name):
    payload = PAYLOADS[name]()
    primitive = payload.obj_to_primitive()
    again = watcher.WatcherObject.obj_from_primitive(primitive)
    assert type(again) is type(payload)
    assert again == payload
    assert again.obj_to_primitive() == primitive
    assert primitive['watcher_object.namespace'] == 'watcher'


def test_fault_names_where_it_was_raised():
    fault = a_fault()
    assert fault.module_name == __name__
    assert fault.function_name == 'failing'
    assert fault.exception == 'ActionAbortError'
    assert fault.exception_message == (
        'Aborting action %s failed: device busy' % sample_data.ACTION_UUID)


def test_fault_from_a_passed_exception():
    try:
        failing()
    except watcher.ActionAbortError as exc:
        caught = exc
    fault = watcher.ExceptionPayload.from_exception(caught)
    assert (fault.module_name, fault.function_name) == (__name__, 'failing')


def test_fault_of_an_exception_never_raised():
    fault = watcher.ExceptionPayload.from_exception(ValueError('x'))
    assert (fault.module_name, fault.function_name) == ('unknown', 'unknown')
    assert fault.exception == 'ValueError'


def test_fault_without_an_exception_says_so():
    with pytest.raises(ValueError, match='inside an except block'):
        watcher.ExceptionPayload.from_exception()


def test_non_uuid_names_the_field():
    with pytest.raises(ValueError, match=r'ActionPlan\.uuid.*not a UUID'):
        watcher.ActionPlan(uuid='not-a-uuid')


def test_unknown_phase_names_the_field():
    with pytest.raises(ValueError,
                       match=r"EventType\.phase: 'begin' is not one of "
                             r"start, end, error"):
        watcher.EventType(object='action_plan', action='cancel',
                          phase='begin')


def test_event_type_wire_form():
    event = watcher.EventType(object='action_plan', action='cancel',
                              phase='start')
    assert event.to_notification_event_type_field() == (
        'action_plan.cancel.start')
    no_phase = watcher.EventType(object='action_plan', action='delete',
                                 phase=None)
    assert no_phase.to_notification_event_type_field() == (
        'action_plan.delete')


def test_dict_field_rejects_a_list():
    with pytest.raises(ValueError, match=r'Strategy\.parameters_spec'):
        watcher.Strategy(parameters_spec=[1, 2])


def notification_with(payload):
    return watcher.ActionPlanCancelNotification(
        priority='info',
        event_type=watcher.EventType(object='action_plan', action='cancel',
                                     phase='start'),
        publisher=watcher.NotificationPublisher(host='node0',
                                                binary='infra-optim'),
        payload=payload)


def test_unpopulated_payload_is_refused(captured):
    with pytest.raises(watcher.PayloadNotPopulated,
                       match='ActionPlanCancelPayload was not populated; '
                             'call populate_schema'):
        notification_with(watcher.ActionPlanCancelPayload()).emit({})
    assert captured.messages == []


def test_payload_missing_a_field_is_refused(captured):
    plan = sample_data.action_plan()
    del plan.strategy.parameters_spec  # not loaded from its source
    payload = watcher.ActionPlanCancelPayload(action_plan=plan)
    with pytest.raises(watcher.PayloadNotPopulated,
                       match=r'no value for strategy\.parameters_spec'):
        notification_with(payload).emit({})
    assert captured.messages == []


def test_missing_source_object_is_named():
    plan = sample_data.action_plan()
    plan.audit = None
    with pytest.raises(watcher.PayloadNotPopulated,
                       match=r'ActionPlanCancelPayload needs '
                             r'ActionPlan\.audit'):
        watcher.ActionPlanCancelPayload(action_plan=plan)


def test_populate_schema_names_missing_sources():
    with pytest.raises(watcher.PayloadNotPopulated,
                       match=r'TerseAuditPayload\.populate_schema\(\) needs '
                             r'the source object\(s\) audit'):
        payloads.TerseAuditPayload().populate_schema(strategy=None)


@pytest.mark.parametrize('level, sent', [
    ('debug', ['debug', 'info', 'error']),
    ('info', ['info', 'error']),
    ('error', ['error']),
])
def test_notification_level(captured, notifier_conf, level, sent):
    notifier_conf.set_override('notification_level', level,
                               group='notifications')
    for priority in ('debug', 'info', 'error'):
        watcher.send_cancel_notification({}, sample_data.action_plan(),
                                         'start', priority=priority)
    assert [m['priority'] for m in captured.messages] == [
        p.upper() for p in sent]


def test_notification_level_default_lets_info_through():
    from oslo_config import cfg
    conf = cfg.ConfigOpts()
    emission.register_opts(conf)
    conf([])
    assert conf.notifications.notification_level == 'info'


def closed_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def test_bus_down_does_not_raise_and_logs_the_event_type(
        notifier_conf, caplog):
    notifier_conf.set_override('driver', ['messagingv2'],
                               group='oslo_messaging_notifications')
    notifier_conf.set_override(
        'transport_url', 'rabbit://guest:guest@127.0.0.1:%d/' % closed_port(),
        group='oslo_messaging_notifications')
    notifier_conf.set_override('retry', 0,
                               group='oslo_messaging_notifications')
    emission.init(notifier_conf)
    caplog.set_level(logging.ERROR, logger=emission.__name__)
    watcher.send_cancel_notification({}, sample_data.action_plan(), 'start')
    ours = [r.getMessage() for r in caplog.records
            if r.name == emission.__name__]
    assert len(ours) == 1
    assert ours[0].startswith(
        'Could not send notification action_plan.cancel.start from '
        'infra-optim:node0')

