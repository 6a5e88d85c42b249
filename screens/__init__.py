"""Textual screens and dialogs: each shows core state and sends the person's intent back."""
