import secrets
import string

PASSWORD_SYMBOLS = "!#$%&*+-=?@^_"
_PASSWORD_CLASSES = (string.ascii_uppercase, string.ascii_lowercase, string.digits, PASSWORD_SYMBOLS)


def password_generate(*, length: int = 20) -> str:
    """A random password with at least one upper, lower, digit and symbol (CSPRNG)."""
    if length < 16:
        raise ValueError("Passwords are at least 16 characters long.")
    alphabet = "".join(_PASSWORD_CLASSES)
    chars = [secrets.choice(cls) for cls in _PASSWORD_CLASSES]
    chars += [secrets.choice(alphabet) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)
