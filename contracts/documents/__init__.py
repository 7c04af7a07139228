"""Uploaded contract documents, their parse jobs and the review of extracted obligations (合同文件)."""
