from django.core.exceptions import ValidationError


def add_service_error(form, error: ValidationError) -> None:
    """Shows a service's ValidationError on the form: by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
