"""bvpp-docgen: a council's Best Value Performance Plan papers from its workbooks and narrative."""

__version__ = "0.1.0"
