"""roadfund — highway-maintenance fund allocation and year-end settlement for a Chinese city.

Implements 景府发〔2022〕7号 (Jingdezhen): transfer funds split 70% by maintained mileage and
30% by performance, the 30% matching floor for provincial pavement projects, and the
highway development center's year-end cost settlement with each county.
"""

__version__ = "0.1.0"
