"""Posting a Django admin change form the way a browser would: start from what the page rendered
(main form and every inline formset, management forms included), then change some fields."""


def _initial(form) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        key = form.add_prefix(name)
        if isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        else:
            data[key] = str(value)
    return data


def change_form_data(response, **changes) -> dict:
    """The POST body for the admin change page in `response`, with `changes` applied."""
    context = response.context
    data = _initial(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for form in formset.forms:
            data.update(_initial(form))
    data.update({key: str(value) for key, value in changes.items()})
    return data
