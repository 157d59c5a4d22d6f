"""The one record-page framework every record page is built from."""
