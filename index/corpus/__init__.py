"""The corpus wing: article files, their readers and metadata, and watching the folder."""
