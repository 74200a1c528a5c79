"""What many tests share: the account that stands for a data directory's owner in service calls."""

from tawthiq.domain.policy import Channel, Role
from tawthiq.services.accounts.users import Account

# The command line's operator of a new data directory: an admin, acting through the command line.
OWNER = Account("owner-id", "owner", Role.ADMIN, "en", Channel.CLI)
