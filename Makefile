# Set-up, demo and tests of the Let's Encrypt module for ISPmanager 5.
# `make demo` and `make test` install what they need: Debian packages
# (Pebble, nginx) through apt-get, and Python packages in .venv.

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
APT_PACKAGES := pebble nginx-light openssl
STAMP := $(VENV)/.installed

.PHONY: all system venv demo test xml clean

all: test

# Debian packages for the sandbox: pebble ships pebble and pebble-challtestsrv.
system:
	@if command -v pebble >/dev/null && command -v pebble-challtestsrv >/dev/null \
	    && { command -v nginx >/dev/null || test -x /usr/sbin/nginx; }; then \
	    echo "system packages: present"; \
	else \
	    SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	    $$SUDO apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $(APT_PACKAGES); \
	fi

$(STAMP): setup.cfg pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip
	$(VPY) -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

demo: system venv
	$(VPY) -m tests.demo

test: system venv
	$(VPY) -m pytest -q tests

# Regenerate the panel's description file from the registered functions.
xml: venv
	$(VPY) -m ispplugin.panel.description letsencrypt > xml/ispmgr_mod_letsencrypt.xml

clean:
	rm -rf $(VENV) build dist *.egg-info
