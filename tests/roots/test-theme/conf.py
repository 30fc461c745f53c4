extensions = ['openstackdocstheme', 'versioned_notifications.sphinxext']
openstackdocs_repo_name = 'openstack/versioned-notifications'
openstackdocs_auto_name = False
project = 'theme test'
