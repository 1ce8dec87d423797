from django.http import HttpRequest

from .text_size import TextSize, text_size_for


def text_size(request: HttpRequest) -> dict[str, object]:
    """The chosen text size for the class on <html> and the switch in the header."""
    return {"text_size": text_size_for(request), "text_sizes": TextSize.choices}
