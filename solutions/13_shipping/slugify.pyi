# The type stub: what editors and type checkers read instead of the compiled module.
# maturin puts it in the wheel as slugify/__init__.pyi, beside a py.typed marker.

__version__: str

def slugify(text: str, separator: str = "-") -> str:
    """Turn `text` into a URL slug: letters and digits, lowercased, with every run of
    other characters replaced by one `separator`, and none at either end."""
