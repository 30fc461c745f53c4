import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
extensions = ['versioned_notifications.sphinxext']
versioned_notifications_project = 'vn_test_first_version:PROJECT'
