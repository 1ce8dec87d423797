from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
@login_required
def dashboard(request):
    return render(request, "accounts/dashboard.html")
