"""Reports: responsibility look-back (项目责任回溯) and the agency integrity scoreboard (政务诚信评价).

One module per report (``contract_lookback``, ``official_lookback``, ``scoreboard``) builds a plain
dict of figures; ``document`` turns it into titled tables that the exporters render as .xlsx, PDF
and CSV; ``exports`` runs big ones as rq jobs with progress.
"""
