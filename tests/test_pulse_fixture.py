import pytest


@pytest.mark.pulse
def test_pulse_server_has_the_virtual_devices(pulse):
    sinks = pulse.pactl("list", "short", "sinks")
    sources = pulse.pactl("list", "short", "sources")
    assert "vspeaker" in sinks and "vmic_feed" in sinks
    assert "vmic" in sources.split()
