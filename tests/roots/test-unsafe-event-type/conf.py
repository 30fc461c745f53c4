import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
extensions = ['versioned_notifications.sphinxext']
versioned_notifications_project = 'vn_test_unsafe_event:PROJECT'
# Four levels below the source directory, so that the event type's
# "../../../../evil" names evil.json at its top (planted there): a build
# that trusted the event type would copy that file to _build/evil.json,
# outside the HTML output directory.
versioned_notifications_sample_dir = 'deep/samples'
versioned_notifications_check_stale = False
