"""In front of the pages: routes closed to strangers, which forwarded address is believed, who may upload."""
