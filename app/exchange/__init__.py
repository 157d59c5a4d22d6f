"""Excel exchange: import with validation, standard exports, blank templates."""
