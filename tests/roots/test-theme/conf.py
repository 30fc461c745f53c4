extensions = ['openstackdocstheme', 'versioned_notifications.sphinxext']
versioned_notifications_check_stale = False
openstackdocs_repo_name = 'openstack/versioned-notifications'
openstackdocs_auto_name = False
project = 'theme test'
