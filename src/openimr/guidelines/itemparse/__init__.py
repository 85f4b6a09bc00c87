"""Parts of the item parser (`openimr.guidelines.items.parse_item` is the entry point)."""
