extensions = ['versioned_notifications.sphinxext']
versioned_notifications_project = 'vn_test_no_such_module.doc:PROJECT'
