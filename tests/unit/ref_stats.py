#!/usr/bin/env python3
"""How the issue-12 references in test_experiments.cpp were computed (run once, values pasted).
Needs scipy, statsmodels, mpmath (Debian python3-*). Slow: the mpmath quadratures take minutes."""
# ---- r1
import time
import mpmath as mp
import numpy as np
from scipy import integrate
import numpy as np, scipy, statsmodels
from scipy import stats
from statsmodels.stats.multitest import multipletests
print("scipy", scipy.__version__, "statsmodels", statsmodels.__version__)
# ABTTEST
for args in [(10.5,4.2,120,11.9,5.1,130),(52.0,30.0,40,47.5,12.0,25),(100,15,2,130,20,3),(3.2,1.1,1000,3.25,1.3,1200)]:
    ma,sa,na,mb,sb,nb=args
    r=stats.ttest_ind_from_stats(mb,sb,nb,ma,sa,na,equal_var=False)
    r1=stats.ttest_ind_from_stats(mb,sb,nb,ma,sa,na,equal_var=False,alternative='greater' if r.statistic>0 else 'less')
    print("ttest",args,repr(r.statistic),repr(r.pvalue),repr(r1.pvalue))
# ABCHISQ
for c,n in [([100,120],[1000,1000]),([5,12],[83,99]),([200,250],[2000,2000]),([30,45,38],[1000,1010,990]),([10,20,15,30],[500,520,480,510])]:
    tab=np.array([c,[ni-ci for ci,ni in zip(c,n)]]).T
    chi2,p,dof,_=stats.chi2_contingency(tab,correction=False)
    print("chisq",c,n,repr(chi2),repr(p),dof)
# SRMPVALUEN
for v,s in [([5000,5100],None),([5000,5100],[0.5,0.5]),([1000,1100,950],None),([3000,3100,6050],[1,1,2]),([480,520],[0.45,0.55])]:
    if s is None: r=stats.chisquare(v)
    else:
        s=np.array(s,float); r=stats.chisquare(v, f_exp=np.array(s)/s.sum()*sum(v))
    print("srm",v,s,repr(r.statistic),repr(r.pvalue))
# PADJUST
ps=[0.01,0.04,0.03,0.005,0.20]
for m in ["bonferroni","holm","fdr_bh"]:
    print("padj",m,[repr(x) for x in multipletests(ps,method=m)[1]])
ps2=[0.3,0.01,0.01,0.8,0.04,0.2]
for m in ["bonferroni","holm","fdr_bh"]:
    print("padj2",m,[repr(x) for x in multipletests(ps2,method=m)[1]])
# ---- r2
import numpy as np
from scipy import stats
import mpmath as mp
from statsmodels.stats.weightstats import DescrStatsW, CompareMeans
# ABMEANCI (Welch) by formula with scipy t.ppf
def welch(ma,sa,na,mb,sb,nb,conf):
    va,vb=sa**2/na,sb**2/nb; se=np.sqrt(va+vb); df=(va+vb)**2/(va**2/(na-1)+vb**2/(nb-1))
    t=stats.t.ppf(1-(1-conf)/2,df); d=mb-ma
    return d-t*se,d+t*se
def rel(ma,sa,na,mb,sb,nb,conf):
    va,vb=sa**2/na,sb**2/nb
    tb=vb/ma**2; ta=mb**2*va/ma**4; df=(ta+tb)**2/(tb**2/(nb-1)+ta**2/(na-1))
    t=stats.t.ppf(1-(1-conf)/2,df); l=mb/ma-1; h=t*np.sqrt(ta+tb)
    return l-h,l+h
for a in [(10.5,4.2,120,11.9,5.1,130,0.95),(52.0,30.0,40,47.5,12.0,25,0.9),(100,15,2,130,20,3,0.95)]:
    print("meanci",a,[repr(x) for x in welch(*a)],[repr(x) for x in rel(*a)])
# statsmodels cross-check on raw data
rng=np.random.default_rng(7); A=rng.gamma(2.0,5.0,50); B=rng.gamma(2.2,5.0,60)
cm=CompareMeans(DescrStatsW(B),DescrStatsW(A))
print("rawA",repr(A.mean()),repr(A.std(ddof=1)),len(A)); print("rawB",repr(B.mean()),repr(B.std(ddof=1)),len(B))
print("sm tconfint_diff",[repr(x) for x in cm.tconfint_diff(alpha=0.05,usevar='unequal')])
print("sm ttest_ind",[repr(x) for x in cm.ttest_ind(usevar='unequal')])
print("scipy raw", stats.ttest_ind(B,A,equal_var=False))
# ABMDE: Evan Miller's formula solved with mpmath
mp.mp.dps=40
def mde(p,n,alpha,power):
    za=mp.sqrt(2)*mp.erfinv(1-mp.mpf(alpha)); zb=mp.sqrt(2)*mp.erfinv(2*mp.mpf(power)-1)
    p=mp.mpf(p); n=mp.mpf(n)
    f=lambda d: d*mp.sqrt(n)-(za*mp.sqrt(2*p*(1-p))+zb*mp.sqrt(p*(1-p)+(p+d)*(1-p-d)))
    return mp.findroot(f,(mp.mpf('1e-12'),1-p-mp.mpf('1e-12')),solver='anderson')
for a in [(0.2,'1030.21928311046',0.05,0.8),(0.1,5000,0.05,0.8),(0.03,20000,0.05,0.9),(0.5,100,0.1,0.8)]:
    d=mde(*a); print("mde",a,mp.nstr(d,20),mp.nstr(d/mp.mpf(a[0]),20))
# ---- r5
import mpmath as mp
from scipy import stats
mp.mp.dps=40
def tq(p,df):
    df=mp.mpf(df)
    cdf=lambda t: 1-mp.betainc(df/2,mp.mpf(1)/2,0,df/(df+t*t),regularized=True)/2
    return mp.findroot(lambda t: cdf(t)-p, mp.mpf(stats.t.ppf(float(p),float(df))))
sa,na,sb,nb=30.0,40,12.0,25
va,vb=mp.mpf(sa)**2/na,mp.mpf(sb)**2/nb; df=(va+vb)**2/(va**2/(na-1)+vb**2/(nb-1))
print(mp.nstr(df,20), mp.nstr(tq(mp.mpf('0.95'),df),20), repr(stats.t.ppf(0.95,float(df))))
def welch(ma,sa,na,mb,sb,nb,conf):
    ma,sa,na,mb,sb,nb,conf=map(mp.mpf,(ma,sa,na,mb,sb,nb,conf))
    va,vb=sa**2/na,sb**2/nb; se=mp.sqrt(va+vb); df=(va+vb)**2/(va**2/(na-1)+vb**2/(nb-1))
    t=tq(1-(1-conf)/2,df); d=mb-ma
    return d-t*se,d+t*se
def rel(ma,sa,na,mb,sb,nb,conf):
    ma,sa,na,mb,sb,nb,conf=map(mp.mpf,(ma,sa,na,mb,sb,nb,conf))
    va,vb=sa**2/na,sb**2/nb
    tb=vb/ma**2; ta=mb**2*va/ma**4; df=(ta+tb)**2/(tb**2/(nb-1)+ta**2/(na-1))
    t=tq(1-(1-conf)/2,df); l=mb/ma-1; h=t*mp.sqrt(ta+tb)
    return l-h,l+h
for a in [(10.5,4.2,120,11.9,5.1,130,'0.95'),(52.0,30.0,40,47.5,12.0,25,'0.9'),(100,15,2,130,20,3,'0.95'),
          ('8.370982297276935','5.6815111896848824',50,'9.83552235494617','6.515467674465264',60,'0.95')]:
    print("meanci",a,[mp.nstr(x,17) for x in welch(*a)],[mp.nstr(x,17) for x in rel(*a)])
# ---- P(best) quadrature
def pbest_mp(conv,vis):
    arms=[(mp.mpf(c+1),mp.mpf(n-c+1)) for c,n in zip(conv,vis)]
    out=[]
    # breakpoints: mean +- k sd of every arm
    pts=set([mp.mpf(0),mp.mpf(1)])
    for a,b in arms:
        m=a/(a+b); sd=mp.sqrt(a*b/((a+b)**2*(a+b+1)))
        for k in (-12,-6,-3,-1,0,1,3,6,12):
            x=m+k*sd
            if 0<x<1: pts.add(x)
    pts=sorted(pts)
    for i,(a,b) in enumerate(arms):
        def f(x):
            v=mp.betainc(a,b,0,x,regularized=True)  # not used
            d=x**(a-1)*(1-x)**(b-1)/mp.beta(a,b)
            for j,(c,e) in enumerate(arms):
                if j!=i: d*=mp.betainc(c,e,0,x,regularized=True)
            return d
        out.append(mp.quad(f,pts))
    return out
def pbest_sp(conv,vis):
    arms=[stats.beta(c+1,n-c+1) for c,n in zip(conv,vis)]
    pts=[]
    for d in arms:
        m,s=d.mean(),d.std()
        pts+= [m+k*s for k in np.arange(-12,12.01,0.5)]
    pts=sorted(set(min(max(p,0),1) for p in pts))
    out=[]
    for i,d in enumerate(arms):
        f=lambda x: d.pdf(x)*np.prod([e.cdf(x) for j,e in enumerate(arms) if j!=i])
        tot=0
        for lo,hi in zip(pts[:-1],pts[1:]):
            tot+=integrate.quad(f,lo,hi,epsabs=1e-14,epsrel=1e-12,limit=200)[0]
        out.append(tot)
    return out
cases=[([100,120],[1000,1000]),([100,120,110],[1000,1000,1000]),([3,5,0,7],[10,12,4,15]),
       ([10000,10100,10050],[1000000,1000000,1000000])]
for c,n in cases:
    t=time.time(); r=pbest_mp(c,n); print("mp",c,n,[mp.nstr(x,17) for x in r],"sum",mp.nstr(sum(r),17),round(time.time()-t,1))
    r=pbest_sp(c,n); print("sp",c,n,[repr(x) for x in r])
# large cases: pbest_sp([10000,10100,10050],[1e6]*3), pbest_sp([1e7,1.0003e7,0.9998e7],[1e9]*3)
