extensions = ['openstackdocstheme', 'versioned_notifications.sphinxext']
versioned_notifications_project = (
    'versioned_notifications.watcher.project:PROJECT')
openstackdocs_repo_name = 'openstack/versioned-notifications'
openstackdocs_auto_name = False
project = 'theme test'
