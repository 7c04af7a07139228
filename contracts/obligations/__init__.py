"""Obligations, contract events and payments; due dates derived from events (履约义务)."""
