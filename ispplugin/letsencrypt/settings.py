"""The module's parameters in ispmgr.conf, with their defaults."""
from dataclasses import dataclass
from typing import Union

from ispplugin.panel.config import PanelConfig

LETSENCRYPT_PRODUCTION = "https://acme-v02.api.letsencrypt.org/directory"

DIRECTORY_PARAM = "LetsencryptAcmeDirectory"
CA_BUNDLE_PARAM = "LetsencryptAcmeCaBundle"
PROCESS_COUNT_PARAM = "LetsencryptProcessCount"
DEFAULT_PROCESS_COUNT = 1


@dataclass(frozen=True)
class Settings:
    """What the module reads from ispmgr.conf.

    :ivar directory_url: the ACME directory (``LetsencryptAcmeDirectory``), Let's Encrypt
        production by default
    :ivar verify_tls: ``True`` for the system's CA store, or the path of a PEM bundle that
        signs the CA's TLS certificate (``LetsencryptAcmeCaBundle``), for a private CA
    :ivar process_count: how many requests one run works on at once (``LetsencryptProcessCount``)
    """

    directory_url: str
    verify_tls: Union[bool, str]
    process_count: int

    @classmethod
    def from_config(cls, config: PanelConfig) -> "Settings":
        return cls(
            directory_url=config.get(DIRECTORY_PARAM) or LETSENCRYPT_PRODUCTION,
            verify_tls=config.get(CA_BUNDLE_PARAM) or True,
            process_count=config.get_int(PROCESS_COUNT_PARAM, DEFAULT_PROCESS_COUNT, minimum=1),
        )
