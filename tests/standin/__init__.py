"""A stand-in for the ISPmanager 5 panel, used by the tests of the Let's Encrypt module.

ISPmanager is not available in the test sandbox, so the tests drive the module through this
package, which keeps the plugin protocol of the real panel. It reads the plugin description
files in ``etc/xml`` and runs the handlers in ``addon/`` with the panel's environment, stdin and
stdout. It serves the panel functions the module calls from its own SQLite database: users, web
domains, SSL certificates, administrator problems and user notifications.

Set a panel up, then call it as a user would::

    from tests.standin.install import install_panel
    install_panel(root)                       # or install_panel(root, nginx={...})
    subprocess.run([root / "sbin" / "mgrctl", "-m", "ispmgr", "-o", "json", "webdomain"])

Layout under the panel root (MGR_ROOT):

- ``etc/xml/*.xml``: plugin description files; ``addon/<handler>``: plugin handlers.
- ``sbin/mgrctl``: the command line client; ``etc/standin.json``: the stand-in's settings.
- ``etc/nginx/vhosts/<owner>/<domain>.conf``: one nginx server block file per web domain, and
  ``etc/nginx/letsencrypt-alias.conf``: the ``/.well-known/acme-challenge/`` alias to
  ``www/letsencrypt``.
- ``var/standin.db``: the panel data; ``var/standin.log``: the log, with handlers' stderr.
- ``var/www/httpd-cert/<owner>/<name>.{crt,key,ca,crtca}``: installed certificates.
"""
