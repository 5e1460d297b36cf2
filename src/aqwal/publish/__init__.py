"""What goes out with the data: the card and its checks, Croissant, exports, the upload."""
