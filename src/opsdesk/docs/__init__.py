"""Process docs: frontmatter, registry, SOP structure, rendering, search and the docs check."""
