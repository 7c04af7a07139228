"""Server-rendered pages: staff workbench and enterprise portal (界面)."""
