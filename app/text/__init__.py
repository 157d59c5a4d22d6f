"""Chinese text rules: identity numbers, phones, pinyin, stroke order, numerals."""
