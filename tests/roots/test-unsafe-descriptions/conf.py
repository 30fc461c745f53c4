import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
extensions = ['versioned_notifications.sphinxext']
versioned_notifications_project = 'vn_test_unsafe_descriptions:PROJECT'
versioned_notifications_check_stale = False
versioned_notifications_link_schemas = False
