"""What a statement's offsets promise about its text."""


def is_text_of(stretch: str, text: str) -> bool:
    """`text` is the stretch of the body its offsets give, or that stretch with an interrupting
    attribution or aside left out (`The risk, he said, is small` → `The risk is small`)."""
    if stretch == text:
        return True
    words = text.split()
    if not words or not stretch.startswith(words[0]) or not stretch.endswith(words[-1]):
        return False
    at = 0
    for word in words:
        found = stretch.find(word, at)
        if found < 0:
            return False
        at = found + len(word)
    return at == len(stretch)
