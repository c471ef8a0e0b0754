"""Panel plugins for ISPmanager 5 (COREmanager) and the Let's Encrypt module built on them.

Layout:

- ``ispplugin.panel``: the panel protocol, free of Let's Encrypt (requests, answers, mgrctl,
  ispmgr.conf, the log, the description file, the handler entry point);
- ``ispplugin.hookspecs`` and ``ispplugin.plugins``: the pluggy hooks through which modules
  register panel functions, and the plugin manager;
- ``ispplugin.letsencrypt``: the Let's Encrypt module.
"""
