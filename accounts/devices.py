from django.utils.translation import gettext as _
from user_agents import parse


def describe_user_agent(user_agent: str) -> str:
    """ "Chrome 156 · Windows 11", "Safari · iPhone", or the raw string for API clients."""
    if not user_agent:
        return _("Unknown device")
    agent = parse(user_agent)
    if agent.browser.family == "Other":
        return user_agent[:60]
    browser = " ".join(filter(None, [agent.browser.family, agent.browser.version_string.split(".")[0]]))
    system = agent.device.model if agent.is_mobile and agent.device.model else agent.os.family
    return f"{browser} · {system}"
