"""Domain vocabulary: enumerations and the Chinese labels of every value and field."""
