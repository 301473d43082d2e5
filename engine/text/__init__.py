"""The Text workspace: read a user's text, train an LSTM language model on it,
write new text with it and find sentences by meaning.

Modules import torch lazily where they can; :mod:`engine.text.corpus` needs
no torch at all.
"""
