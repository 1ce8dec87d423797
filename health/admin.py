from django.contrib import admin

from .models import Instrument, InstrumentItem, InstrumentOption, MeasurementMoment


class InstrumentItemInline(admin.TabularInline):
    model = InstrumentItem
    extra = 0


class InstrumentOptionInline(admin.TabularInline):
    model = InstrumentOption
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    """Programme staff add the scales they license here: items, options, scoring rule."""

    list_display = ["key", "name_nl", "scoring", "rescale_to_100", "is_placeholder", "active"]
    inlines = [InstrumentItemInline, InstrumentOptionInline]


@admin.register(MeasurementMoment)
class MeasurementMomentAdmin(admin.ModelAdmin):
    list_display = ["cohort", "key", "months_after_start", "window_days"]
    list_filter = ["key"]
