"""The panel side of a COREmanager plugin, with no Let's Encrypt in it.

``request`` parses what the panel sends a handler, ``answer`` builds what the handler prints,
``mgrctl`` calls panel functions, ``config`` reads ispmgr.conf, ``log`` writes the panel-format
log, ``description`` builds the plugin's XML description and ``handler`` is the entry point
that the panel runs.
"""
