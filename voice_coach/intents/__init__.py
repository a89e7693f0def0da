"""intents layer."""
